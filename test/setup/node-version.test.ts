/**
 * The Node check runs before anything can load better-sqlite3, which crashes Node < 22 with a
 * segfault and no message. The machine's own /usr/bin/node is v20: every way of starting Reclib
 * with it must print the version message and exit 1 (the CLI, the npm scripts, a linked `reclib`).
 * None of these reach out/, so this file never races the build in test/setup/package.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIN_NODE, nodeVersionOk, nodeVersionProblem } from '../../scripts/node-version.mjs';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';

const repo = path.resolve(import.meta.dirname, '../..');
const message = (found: string) =>
  `Reclib needs Node.js >= 22.12 (found ${found}). Install Node 22 (https://nodejs.org, or \`npx -y node@22 <command>\`) and run it again.`;

describe('the version rule', () => {
  it('accepts 22.12 and later, refuses anything older, with the exact sentence', () => {
    expect(MIN_NODE).toBe('22.12.0');
    for (const v of ['22.12.0', '22.12.1', 'v22.23.3', '23.0.0', '24.1.0', '100.0.0']) {
      expect(nodeVersionOk(v), v).toBe(true);
      expect(nodeVersionProblem(v), v).toBeNull();
    }
    for (const v of ['22.11.9', '22.0.0', '21.99.99', '20.20.2', 'v18.19.0', '0.10.48']) {
      expect(nodeVersionOk(v), v).toBe(false);
      expect(nodeVersionProblem(v), v).toBe(message(v.replace(/^v/, '')));
    }
    // This process is the Node the tests run on: it must pass, or nothing else here would run.
    expect(nodeVersionProblem()).toBeNull();
  });
});

/** The machine's old Node, when it has one. */
function oldNode(): { bin: string; version: string } | null {
  const bin = '/usr/bin/node';
  if (!fs.existsSync(bin)) return null;
  const version = spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
  return version && !nodeVersionOk(version) ? { bin, version } : null;
}
const old = oldNode();
const skipWhy = old ? '' : ' (skipped: /usr/bin/node is missing or already >= 22.12, so there is no old Node to try)';

describe.skipIf(!old)(`on an old Node (/usr/bin/node)${skipWhy}`, () => {
  const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(cmd, args, { cwd: repo, encoding: 'utf8', timeout: 120_000, env: { ...process.env, ...env } });

  /** A real library with a catalog, made by the CLI on the right Node: what better-sqlite3 would open. */
  function library(): string {
    const lib = path.join(tmpDir(), 'Библиотека записей');
    const made = cli(['init', '--library', lib]);
    expect(made.status, made.stderr).toBe(0);
    expect(fs.existsSync(path.join(lib, 'catalog.db'))).toBe(true);
    return lib;
  }

  it('`node bin/reclib.js list` exits 1 with the message instead of a segfault', () => {
    const lib = library();
    for (const args of [['list', '--library', lib], ['--help'], []]) {
      const res = run(old!.bin, ['bin/reclib.js', ...args]);
      expect(res.signal, `bin/reclib.js ${args.join(' ')}`).toBeNull();
      expect(res.status).toBe(1);
      expect(res.stderr.trim()).toBe(message(old!.version));
      expect(res.stdout).toBe('');
    }
    // The same library through $RECLIB_LIBRARY instead of --library.
    const viaEnv = run(old!.bin, ['bin/reclib.js', 'list'], { RECLIB_LIBRARY: lib });
    expect([viaEnv.status, viaEnv.signal, viaEnv.stderr.trim()]).toEqual([1, null, message(old!.version)]);
  });

  it('a linked `reclib` (as npm link makes it) says the same', () => {
    const dir = tmpDir();
    const link = path.join(dir, 'reclib');
    fs.symlinkSync(path.join(repo, 'bin/reclib.js'), link);
    const res = run(old!.bin, [link, 'list', '--library', library()]);
    expect([res.status, res.signal, res.stderr.trim()]).toEqual([1, null, message(old!.version)]);
  });

  it('the scripts that start the app stop before building or loading anything', () => {
    for (const script of ['scripts/require-node.mjs', 'scripts/start.mjs']) {
      const res = run(old!.bin, [script, '--library', library()]);
      expect([script, res.status, res.signal, res.stderr.trim(), res.stdout]).toEqual([script, 1, null, message(old!.version), '']);
    }
  });

  it('`npm start`, `npm run web`, `npm test` and `npm run reclib` under the old Node say so too', (ctx) => {
    // npm itself runs on the old Node here, and so do the scripts it starts: PATH has only the system's.
    const npm = ['/usr/bin/npm', '/usr/local/bin/npm'].find((p) => fs.existsSync(p));
    if (!npm) return ctx.skip('no system npm beside /usr/bin/node');
    const env = { PATH: '/usr/bin:/bin', npm_config_update_notifier: 'false' };
    for (const script of [['start'], ['run', 'web'], ['test'], ['run', 'reclib', '--', 'list']]) {
      const res = run(old!.bin, [npm, ...script], env);
      expect(res.status, `npm ${script.join(' ')}: ${res.stderr}`).toBe(1);
      expect(res.signal).toBeNull();
      expect(res.stderr).toContain(message(old!.version));
      expect(res.stdout).not.toContain('vite v');
    }
  });
});
