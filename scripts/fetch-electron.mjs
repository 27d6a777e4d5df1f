// Electron >= 42 downloads its binary lazily, on the first require('electron'). Fetch it at
// install time so `npm start` works right away; offline (CI, sandboxes) this only warns, because
// everything but the Electron shell (core, CLI, web harness, tests) runs without the binary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) process.exit(0);

let installer;
try {
  installer = path.join(path.dirname(require.resolve('electron/package.json')), 'install.js');
} catch {
  process.exit(0); // a production install without devDependencies
}
if (!existsSync(installer)) process.exit(0);

const result = spawnSync(process.execPath, [installer], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 300_000 });
if (result.status === 0) {
  console.log('[reclib] Electron binary is installed');
} else {
  const why = (result.stderr?.toString() ?? '').split('\n').find((l) => l.trim()) ?? `exit ${result.status}`;
  console.warn(`[reclib] could not download the Electron binary (${why.trim()}).`);
  console.warn('[reclib] The CLI, the web harness (`npm run web`) and the tests work without it;');
  console.warn('[reclib] run `node node_modules/electron/install.js` when online to be able to `npm start`.');
}
