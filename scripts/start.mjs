// `npm start`: build, then the desktop app where Electron's binary is installed, and the browser mode
// where it is not (offline installs, sandboxes) or where Linux has no display for a window.
//   node scripts/start.mjs [--browser] [--no-open] [browser-mode options such as --library DIR --port N]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { requireNode } from './node-version.mjs';

requireNode();

// The browser mode: `reclib serve` from the build made just before it, run from the repository root.
const BROWSER_MODE = ['node', 'bin/reclib.js', 'serve'];

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(repo, 'node_modules', '.bin');
const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
const win = process.platform === 'win32';

const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const open = !args.includes('--no-open') && !process.env.RECLIB_NO_BROWSER;
const passOn = args.filter((a) => a !== '--browser' && a !== '--no-open');

/** The Electron binary when it was downloaded (found by its files: require('electron') would try to download it). */
function electronBinary() {
  try {
    const dir = path.join(repo, 'node_modules', 'electron');
    const exe = path.join(dir, 'dist', readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

function run(cmd, cmdArgs) {
  const res = spawnSync(cmd, cmdArgs, { cwd: repo, env, stdio: 'inherit', shell: win });
  if (res.error) {
    console.error(`[reclib] could not run ${cmd}: ${res.error.message}. Run \`npm install\` first.`);
    process.exit(1);
  }
  if (res.status !== 0) process.exit(res.status ?? 1);
}

/** Runs the long-lived child with our signals passed on, and exits with its code. */
function handOver(cmd, cmdArgs, onLine) {
  const child = spawn(cmd, cmdArgs, { cwd: repo, env, stdio: ['inherit', onLine ? 'pipe' : 'inherit', 'inherit'], shell: win });
  child.on('error', (err) => {
    console.error(`[reclib] could not run ${cmd}: ${err.message}. Run \`npm install\` first.`);
    process.exit(1);
  });
  if (onLine) {
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      buffered += chunk.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      }
    });
  }
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return true;
  }
  return false;
}

/** Opens the URL in the person's browser when there is one to open; silent when not. */
function openBrowser(url) {
  const [cmd, cmdArgs] =
    process.platform === 'darwin' ? ['open', [url]] : win ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  if (!win && !onPath(cmd)) return;
  const child = spawn(cmd, cmdArgs, { stdio: 'ignore', detached: true });
  child.on('error', () => {});
  child.unref();
}

const electron = forceBrowser ? null : electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const desktop = electron !== null && !noDisplay;
if (!desktop && !forceBrowser) {
  console.log(
    electron
      ? 'There is no display here for the Electron window; serving Reclib to your browser instead'
      : 'Electron could not be downloaded here; opening Reclib in your browser instead',
  );
}

run('electron-vite', ['build']);
if (desktop) {
  handOver('electron-vite', ['preview', '--skipBuild']);
} else {
  let opened = false;
  handOver(BROWSER_MODE[0], [...BROWSER_MODE.slice(1), ...passOn], (line) => {
    const url = /https?:\/\/\S+/.exec(line)?.[0];
    if (!url || opened) return;
    opened = true;
    console.log(`[reclib] open ${url} in a browser (Ctrl+C stops Reclib)`);
    if (open && !noDisplay) openBrowser(url);
  });
}
