/**
 * Only `init` creates a library. An absent folder (a disk that is not connected) and an empty one
 * (its mount point) are refused by every CLI command, by the app core, by the contract and by the
 * web harness, and are left exactly as they were: no folder, no catalog.db, no users/, no lock.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { loadAllCommands } from '../../src-main/cli/commands/index';
import { AppCore, headlessPlatform } from '@core/services/app';
import { Library } from '@core/catalog/library';
import { silentLogger } from '../../src-main/core/log/logger';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { dispatch } from '../../src-main/handlers/dispatch';
import { startHarness } from '../../e2e/harness/harness';
import { makeAudio } from '../media';
import { cli } from '../helpers/run';
import { snapshotTree, tmpDir } from '../helpers/tmp';

/** Real CLI processes start slowly on a busy machine (seconds each): room for that, no speed asserted. */
const SPAWNS_TIMEOUT = 240_000;

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} }, new AbortController().signal);
  return { code, stdout, stderr };
}

/** What a folder is, exactly: absent, or every entry (recursively) with its bytes. */
function stateOf(p: string): string {
  if (!fs.existsSync(p)) return 'absent';
  return JSON.stringify([...snapshotTree(p).entries(), ...fs.readdirSync(p, { recursive: true }).map(String).sort()]);
}

const rendererBuilt = fs.existsSync(path.resolve(import.meta.dirname, '../../out/renderer/index.html'));

describe('only init creates a library', { timeout: SPAWNS_TIMEOUT }, () => {
  const dir = () => tmpDir('reclib-notfound-');
  /** Real things for the commands to work on (files are cleaned after each test, so made per test). */
  const inputs = () => {
    const d = tmpDir('reclib-notfound-src-');
    const src = makeAudio(path.join(d, 'Запись «1».wav'), 1);
    const media = path.join(d, 'media');
    fs.mkdirSync(path.join(media, 'video/unprocessed'), { recursive: true });
    fs.copyFileSync(src, path.join(media, 'video/unprocessed/Лекция (01.02.2024).wav'));
    return { src, media, backup: path.join(d, 'catalog-2026-01-01T000000Z.db') };
  };

  /**
   * Every command with arguments that would do real work on a real library. A command added
   * later must be listed here, so that the rule is proven for it too.
   */
  const table = (s: ReturnType<typeof inputs>): Record<string, string[][]> => {
    return {
      list: [[]],
      show: [['1']],
      import: [[s.src], [s.src, '--move']],
      quota: [[]],
      verify: [[]],
      scan: [[], ['--dry-run']],
      delete: [['1']],
      restore: [['1']],
      cleanup: [['--dry-run'], ['--yes'], ['--kind', 'temp', '--yes']],
      templates: [[], ['apply'], ['apply', '--dry-run']],
      process: [['--all'], ['1']],
      retry: [['1']],
      migrate: [[s.media, '--dry-run'], [s.media]],
      catalog: [['backup'], ['restore', s.backup]],
      forget: [['1']],
      'set-aside': [[]],
      attach: [['1', s.src]],
      expire: [['1', '--never']],
      describe: [['1', '--text', 'Лекция о звуке']],
      tag: [['1', '--add', 'лекция']],
      export: [['1', '--to', path.join(path.dirname(s.src), 'exported')]],
      transcribe: [['1']],
      search: [['лекция']],
      inbox: [['list'], ['add', path.dirname(s.src)], ['remove', path.dirname(s.src)], ['settings', '--stable-ms', '1000']],
      watch: [[]],
      relocate: [['--to', path.join(path.dirname(s.src), 'moved here')]],
    };
  };

  it('every command lists its arguments here (init is the only one that may create)', async () => {
    const commands = await loadAllCommands();
    // Not in the table: `serve` opens the app, which shows "Library not found" for a missing library and
    // creates nothing (test/host); `models` keeps Whisper models in the app's data folder, not in a library.
    const names = commands.map((c) => c.name).filter((n) => !['init', 'serve', 'models'].includes(n));
    expect(Object.keys(table({ src: '', media: '', backup: '' })).sort()).toEqual(names.sort());
    expect(commands.filter((c) => c.library === 'creates').map((c) => c.name)).toEqual(['init']);
  });

  for (const kind of ['absent', 'empty mount point'] as const) {
    it(`every command refuses ${kind === 'absent' ? 'an absent folder' : 'an empty mount point'} and leaves it byte for byte as it was`, async () => {
      const made = inputs();
      for (const [name, variants] of Object.entries(table(made))) {
        for (const args of variants) {
          const root = path.join(dir(), 'Reclib Library');
          if (kind === 'empty mount point') fs.mkdirSync(root);
          const before = stateOf(root);
          for (const json of [false, true]) {
            const r = await run([name, ...args, '--library', root, ...(json ? ['--json'] : [])]);
            const message = `No Reclib library at ${root}. Is the disk mounted? Create one with \`reclib init --library "${root}"\`.`;
            expect({ name, args, code: r.code, stdout: r.stdout }).toEqual({ name, args, code: 1, stdout: '' });
            expect(json ? JSON.parse(r.stderr) : r.stderr).toEqual(json ? { error: message } : `reclib: ${message}\n`);
            expect(stateOf(root), `${name} ${args.join(' ')}`).toBe(before);
          }
          // The originals handed to import --move are untouched as well.
          expect(fs.existsSync(made.src)).toBe(true);
        }
      }
    });
  }

  it('the issue: `reclib import clip --library <mount point>` in a real process refuses and creates nothing; init then works', () => {
    const root = path.join(dir(), 'mnt');
    fs.mkdirSync(root);
    const r = cli(['import', inputs().src, '--library', root, '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stderr)).toEqual({ error: `No Reclib library at ${root}. Is the disk mounted? Create one with \`reclib init --library ${root}\`.` });
    expect(fs.readdirSync(root)).toEqual([]);
    const init = cli(['init', '--library', root, '--json']);
    expect(init.status, init.stderr).toBe(0);
    expect(fs.existsSync(path.join(root, 'catalog.db'))).toBe(true);
  });

  it('a library whose catalog.db is gone but whose backups are there points at the backup, not at init', async () => {
    const root = path.join(dir(), 'L');
    await run(['init', '--library', root]);
    expect((await run(['catalog', 'backup', '--library', root])).code).toBe(0);
    fs.rmSync(path.join(root, 'catalog.db'));
    const r = await run(['list', '--library', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No Reclib library at .*Is the disk mounted\?.*Its catalog\.db is missing but .*backups\/catalog-.*\.db is a backup of it: `reclib catalog restore /);
    expect(fs.existsSync(path.join(root, 'catalog.db'))).toBe(false);
  });

  it('Library.open refuses without create, for readers and writers, and takes no lock', () => {
    for (const root of [path.join(dir(), 'absent'), fs.mkdtempSync(path.join(dir(), 'empty-'))]) {
      const before = stateOf(root);
      expect(() => Library.open(root)).toThrow(/No Reclib library at/);
      expect(() => Library.open(root, { writer: 'test' })).toThrow(/No Reclib library at/);
      expect(stateOf(root)).toBe(before);
    }
  });
});

describe('the app core and the contract never create a library they were pointed at', { timeout: SPAWNS_TIMEOUT }, () => {
  it('start on an absent or empty library reports it as not found, creates nothing, and Retry opens it once it is there', async () => {
    for (const empty of [false, true]) {
      const root = path.join(tmpDir(), 'Библиотека');
      if (empty) fs.mkdirSync(root);
      const before = stateOf(root);
      const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
      const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(path.join(tmpDir(), 'ud')), log: silentLogger };
      try {
        expect(await core.start(root)).toBeNull();
        expect(stateOf(root)).toBe(before);
        const status = await dispatch('library:status', {}, ctx);
        expect(status).toEqual({
          ok: true,
          value: {
            state: 'unavailable',
            problem: {
              root,
              kind: 'not-found',
              reason: empty ? 'the folder has no catalog.db' : 'the folder does not exist',
              message: `No Reclib library at ${root}: ${empty ? 'the folder has no catalog.db' : 'the folder does not exist'}. Is the disk mounted? Connect it and choose Retry; if the library moved, locate it.`,
            },
          },
        });
        // Other channels answer with the same sentence instead of a crash.
        expect(await dispatch('recordings:query', {}, ctx)).toMatchObject({ ok: false, error: { message: expect.stringContaining(`No Reclib library at ${root}`) } });
        // Retry while it is still missing: still not found, still nothing there.
        expect(await dispatch('library:retry', {}, ctx)).toMatchObject({ ok: true, value: { state: 'unavailable', problem: { kind: 'not-found' } } });
        expect(stateOf(root)).toBe(before);
        // Opening another folder that is no library is refused in words and creates nothing either.
        const other = path.join(tmpDir(), 'other');
        expect(await dispatch('library:open', { root: other }, ctx)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^No Reclib library at .*other: the folder does not exist/) } });
        expect(fs.existsSync(other)).toBe(false);
        // The disk is back: Retry opens it (and the app remembers it).
        Library.open(root, { create: true, writer: 'the disk' }).close();
        const back = await dispatch('library:retry', {}, ctx);
        expect(back).toMatchObject({ ok: true, value: { state: 'open', info: { root, recordingCount: 0 } } });
        expect(ctx.appSettings.read().lastOpened).toBe(root);
      } finally {
        await core.closeAsync();
      }
    }
  });

  it('library:create needs an explicit request, then creates and opens the library', async () => {
    const root = path.join(tmpDir(), 'New "Lib" [1]');
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
    const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(path.join(tmpDir(), 'ud')), log: silentLogger };
    try {
      await core.start(root);
      expect(await dispatch('library:create', { root }, ctx)).toMatchObject({ ok: false, error: { code: 'EINVAL' } });
      expect(await dispatch('library:create', { root: 'relative/path', confirm: true }, ctx)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/whole path/) } });
      expect(fs.existsSync(root)).toBe(false);
      expect(await dispatch('library:create', { root, confirm: true }, ctx)).toMatchObject({ ok: true, value: { state: 'open', info: { root } } });
      expect(fs.existsSync(path.join(root, 'catalog.db'))).toBe(true);
    } finally {
      await core.closeAsync();
    }
  });

  it('the first run (and only it) creates the default library', async () => {
    const root = path.join(tmpDir(), 'Videos', 'Reclib Library');
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
    try {
      expect(await core.start(root, { create: true })).not.toBeNull();
      expect(core.status.state).toBe('open');
      expect(fs.existsSync(path.join(root, 'catalog.db'))).toBe(true);
    } finally {
      await core.closeAsync();
    }
  });

  it.skipIf(!rendererBuilt)('the web harness on a missing library serves the page and reports not-found; nothing is created', async () => {
    const root = path.join(tmpDir(), 'unmounted');
    const h = await startHarness({ library: root, userData: path.join(tmpDir(), 'ud'), log: silentLogger });
    try {
      const auth = { 'x-reclib-token': h.token };
      const post = async (name: string, body: unknown) =>
        (await fetch(`${h.origin}/api/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) })).json();
      expect(await post('library:status', {})).toMatchObject({ ok: true, value: { state: 'unavailable', problem: { root, kind: 'not-found' } } });
      expect((await fetch(`${h.origin}/media/recording/1/video`, { headers: auth })).status).toBe(404);
      expect(await (await fetch(h.origin, { headers: auth })).text()).toContain('<div id="root">');
      expect(fs.existsSync(root)).toBe(false);
    } finally {
      await h.close();
    }
    expect(fs.existsSync(root)).toBe(false);
  });
});
