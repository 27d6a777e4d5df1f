/**
 * Where Electron cannot be downloaded (here, CI): `npm start` falls back to the browser mode, the
 * linked `reclib` command runs, and the package check passes, and fails when the package would
 * break. One file, run in order: the first test builds out/ exactly as `npm start` does, the
 * others read that build (nothing else in the unit tests touches out/).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanImports } from '../../scripts/check-package';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';

const repo = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repo, 'node_modules/tsx/dist/loader.mjs');

/** The Electron binary when it was downloaded, found by its files (require('electron') would download). */
function electronBinary(): string | null {
  try {
    const dir = path.join(repo, 'node_modules/electron');
    const exe = path.join(dir, 'dist', fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim());
    return fs.existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

function library(): string {
  const lib = path.join(tmpDir(), 'Записи «лекции» [2024]');
  const made = cli(['init', '--library', lib]);
  expect(made.status, made.stderr).toBe(0);
  return lib;
}

describe('set-up and packaging where Electron cannot run', () => {
  it.skipIf(electronBinary() !== null)('`npm start` says why and serves the app to a browser instead (skipped where Electron is installed: it opens the desktop app)', async () => {
    const lib = library();
    const home = tmpDir();
    const child = spawn(process.execPath, ['scripts/start.mjs', '--library', lib, '--port', '0'], {
      cwd: repo,
      env: { ...process.env, XDG_CONFIG_HOME: home, RECLIB_NO_BROWSER: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /\[reclib\] open (http:\/\/127\.0\.0\.1:\d+\S*) in a browser/.exec(out);
          if (m) resolve(m[1]!);
        });
        void exited.then((code) => reject(new Error(`npm start exited ${code} before serving:\n${out}\n${err}`)));
      });
      // The one-line explanation comes first, before the build's output.
      expect(out.split('\n')[0]).toBe('Electron could not be downloaded here; opening Reclib in your browser instead');
      expect(out).toContain(`library ${lib}`);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      expect(fs.existsSync(path.join(repo, 'out/main/index.js'))).toBe(true);
    } finally {
      child.kill('SIGTERM');
    }
    // SIGTERM reaches the server through start.mjs: both end, nothing is left listening.
    expect(await exited).toBe(0);
  }, 300_000);

  it('`reclib` runs after `npm install -g` of the checkout, as after `npm link`', () => {
    if (!fs.existsSync(path.join(repo, 'out/main/cli.js'))) {
      const build = spawnSync(process.execPath, [path.join(repo, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: repo, encoding: 'utf8', timeout: 240_000 });
      expect(build.status, build.stderr).toBe(0);
    }
    const prefix = tmpDir();
    const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };
    const install = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--ignore-scripts', repo], { cwd: prefix, encoding: 'utf8', env: npmEnv, timeout: 120_000 });
    expect(install.status, install.stderr).toBe(0);
    const bin = path.join(prefix, process.platform === 'win32' ? 'reclib.cmd' : 'bin/reclib');
    expect(fs.existsSync(bin)).toBe(true);
    // The shebang finds `node` on PATH: this Node (>= 22.12) first.
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}` };
    const help = spawnSync(bin, ['--help'], { encoding: 'utf8', env, timeout: 60_000 });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: reclib <command>');
    const list = spawnSync(bin, ['list', '--library', library()], { encoding: 'utf8', env, timeout: 60_000 });
    expect([list.status, list.stderr]).toEqual([0, '']);
    expect(list.stdout).toContain('The library is empty');
    // A scan walks the library in a worker thread: its module ships beside the installed CLI.
    const lib = library();
    fs.mkdirSync(path.join(lib, 'users/1/recordings'), { recursive: true });
    fs.writeFileSync(path.join(lib, 'users/1/recordings/заметка «1».txt'), 'x');
    const scan = spawnSync(bin, ['scan', '--dry-run', '--library', lib], { encoding: 'utf8', env, timeout: 60_000 });
    expect([scan.status, scan.stderr]).toEqual([0, '']);
    expect(scan.stdout).toContain('orphan   users/1/recordings/заметка «1».txt');
  }, 300_000);

  const check = (args: string[]) =>
    spawnSync(process.execPath, ['--import', tsx, 'scripts/check-package.ts', ...args], { cwd: repo, encoding: 'utf8', timeout: 280_000, maxBuffer: 16 * 1024 * 1024 });
  const table = (stdout: string) =>
    new Map(
      [...stdout.matchAll(/^(.+?)\s{2,}(ok|warn|FAIL)\s{2,}(.*)$/gm)].map((m) => [m[1]!.trim(), { status: m[2]!, detail: m[3]! }] as const),
    );

  it('the package check passes: imports resolve inside app.asar, natives and binaries unpacked, migrations and resources inside', () => {
    const res = check(['--strict']);
    const rows = table(res.stdout);
    expect([...rows.keys()]).toEqual([
      'electron-builder.yml',
      'production dependencies',
      'app.asar holds only the app',
      'package.json main',
      'runtime imports resolve and load',
      'preload is self-contained',
      'renderer',
      'native modules unpacked',
      'ffmpeg (ffmpeg-static)',
      'ffprobe (@ffprobe-installer)',
      'migrations in the bundle',
      'extraResources',
    ]);
    for (const [name, row] of rows) if (name !== 'ffmpeg (ffmpeg-static)') expect(`${name}: ${row.status}`, row.detail).toBe(`${name}: ok`);
    expect(rows.get('runtime imports resolve and load')!.detail).toMatch(/@ffprobe-installer\/ffprobe.*better-sqlite3.*xxhash-addon/);
    // Pure-JS dependencies are bundled into out/main (start-up): none of them is imported at run time.
    expect(rows.get('runtime imports resolve and load')!.detail).not.toMatch(/chokidar|drizzle-orm|zod/);
    expect(rows.get('native modules unpacked')!.detail).toMatch(/better-sqlite3\/prebuilds\/.+\.node.*xxhash.+\.node.*SQLite \d/);
    expect(rows.get('migrations in the bundle')!.detail).toMatch(/^\d+ migrations, \d+ statements/);
    // ffmpeg-static is optional: offline, or installed with FFMPEG_BIN, it has no binary. The check
    // says so and --strict fails on it; with the binary (an online install) everything passes.
    const bundled = path.join(repo, 'node_modules/ffmpeg-static', process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
    const ffmpeg = rows.get('ffmpeg (ffmpeg-static)')!;
    if (fs.existsSync(bundled)) {
      expect([ffmpeg.status, res.status]).toEqual(['ok', 0]);
      expect(ffmpeg.detail).toMatch(/app\.asar\.unpacked\/node_modules\/ffmpeg-static\/ffmpeg.*ffmpeg version/);
    } else {
      expect([ffmpeg.status, res.status], res.stdout).toEqual(['warn', 1]);
      expect(ffmpeg.detail).toMatch(/ffmpeg-static (has no binary|is not installed).*FFmpeg on PATH/);
      expect(res.stdout).toContain('--strict: warnings fail too');
    }
  }, 300_000);

  it('the check fails a package that would break: a native module left in app.asar, a dependency left out, platform file rules', () => {
    const original = fs.readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8');
    const broken = original
      .replace(/^ {2}- "\*\*\/\*\.node"\n/m, '')
      .replace(/^files:\n/m, `files:\n  - "!**/node_modules/@ffprobe-installer/${process.platform}-${process.arch}/**"\n`)
      .replace(/^linux:\n/m, 'linux:\n  files:\n    - "!**/*.md"\n');
    expect(broken).not.toBe(original);
    expect(broken).not.toContain('*.node');
    const config = path.join(tmpDir(), 'electron-builder.yml');
    fs.writeFileSync(config, broken);
    const res = check(['--config', config]);
    const rows = table(res.stdout);
    expect(res.status, res.stdout + res.stderr).toBe(1);
    expect(rows.get('native modules unpacked')).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/xxhash.+\.node is inside app\.asar/) });
    expect(rows.get('runtime imports resolve and load')).toMatchObject({ status: 'FAIL', detail: expect.stringMatching(/@ffprobe-installer\/ffprobe: Cannot find module/) });
    // A platform section with `files` would make electron-builder pack the whole project.
    expect(rows.get('electron-builder.yml')).toMatchObject({ status: 'FAIL', detail: expect.stringContaining('linux.files is set') });
    expect(rows.get('migrations in the bundle')!.status).toBe('ok');
  }, 300_000);

  it('the main bundle loads the packages it does not bundle with require, never with an ES import', () => {
    // An ES import of a CommonJS package makes Node scan its source with a JavaScript lexer, and
    // xxhash-addon's scan made V8 optimize that lexer: two ~55 ms compiles in every `reclib import`.
    const dir = path.join(repo, 'out/main');
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    const found = files.flatMap((f) => scanImports(fs.readFileSync(path.join(dir, f), 'utf8')).map((i) => ({ ...i, file: f })));
    const packages = found.filter(({ spec }) => !spec.startsWith('.') && !spec.startsWith('node:') && !builtinModules.includes(spec));
    // Electron's own module is the only import: Electron provides it, nothing is scanned.
    expect(packages.filter((i) => i.kind === 'import' && i.spec !== 'electron').map((i) => `${i.file}: ${i.spec}`)).toEqual([]);
    expect([...new Set(packages.filter((i) => i.kind === 'require').map((i) => i.spec))].sort()).toEqual(
      ['@ffprobe-installer/ffprobe', 'better-sqlite3', 'ffmpeg-static', 'xxhash-addon'],
    );
  });

  it('`reclib process` loads no transcription engine until a recording is to be transcribed', () => {
    // The engines, the model store and node:crypto cost ~10 ms of CPU to load, taken from the
    // silence analysis that runs beside the load (issue 13): they are imported when needed.
    const dir = path.join(repo, 'out/main');
    const chunks = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    const source = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    const command = chunks.find((f) => source(f).includes('// src-main/cli/commands/processing.ts'));
    expect(command).toBeDefined();
    // Static imports only (a dynamic import() loads when it runs): the chunks loaded with the command.
    const loaded = new Set<string>();
    const visit = (f: string) => {
      if (loaded.has(f)) return;
      loaded.add(f);
      for (const m of source(f).matchAll(/^(?:import|export)\s+(?:[\w*${}\s,]+?\s+from\s*)?["'](\.{1,2}\/[^"']+)["']/gm)) {
        visit(path.relative(dir, path.resolve(path.dirname(path.join(dir, f)), m[1]!)));
      }
    };
    visit(command!);
    const text = [...loaded].map(source).join('\n');
    expect(text).toContain('// src-main/core/media/pipeline.ts');
    for (const engine of ['transcripts/engines.ts', 'transcripts/models.ts', 'transcripts/whisper.ts', 'transcripts/pocketsphinx.ts', 'services/transcription.ts']) {
      expect(text, engine).not.toContain(`// src-main/core/${engine}`);
    }
    expect(text).not.toMatch(/from ["']node:crypto["']/);
  });
});
