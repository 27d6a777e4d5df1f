/**
 * A read-only library opens read-only: list, show, quota and verify work (with the commits still
 * in its WAL), every write is refused with one sentence and changes nothing. Tested for real: a
 * read-only bind mount (EROFS), a folder the user may not write (EACCES, as an unprivileged user),
 * and an immutable catalog (chattr +i).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { AppCore } from '@core/services/app';
import { importPaths } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { silentLogger } from '../../src-main/core/log/logger';
import { installDefaults } from '../../src-main/core/templates/install';
import { makeAudio, tools } from '../media';
import { snapshotTree, tmpDir } from '../helpers/tmp';

/** Real CLI processes start slowly on a busy machine (seconds each): room for that, no speed asserted. */
const SPAWNS_TIMEOUT = 240_000;

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} }, new AbortController().signal);
  return { code, stdout, stderr };
}

const isRoot = process.getuid?.() === 0;
const canMount = isRoot && spawnSync('mount', ['--version']).status === 0;
const repo = path.resolve(import.meta.dirname, '../..');
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/**
 * A library with three recordings whose last change (a rename) is still only in catalog.db-wal,
 * as a library unplugged after a crash is. `shm: false` also drops the -shm index.
 */
async function libraryWithWal(shm: boolean): Promise<{ root: string; src: string; renamed: number }> {
  const base = tmpDir('reclib-ro-');
  fs.chmodSync(base, 0o755);
  const src = path.join(base, 'src');
  for (let i = 1; i <= 3; i++) makeAudio(path.join(src, `Запись ${i}.wav`), 1 + i * 0.3);
  const live = path.join(base, 'live');
  const lib = Library.open(live, { create: true, writer: 'test', onCreate: installDefaults });
  const root = path.join(base, 'Library');
  let renamed: number;
  try {
    expect((await importPaths(lib, [src], { profileId: 1, move: false, force: false, tools })).imported).toHaveLength(3);
    lib.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    lib.sqlite.pragma('wal_autocheckpoint = 0');
    // By name: ids follow the order the parallel import finished in, not the file names.
    renamed = (lib.sqlite.prepare("SELECT id FROM recordings WHERE display_name = 'Запись 1'").get() as { id: number }).id;
    lib.sqlite.prepare("UPDATE recordings SET display_name = 'Переименовано в WAL' WHERE id = ?").run(renamed);
    expect(fs.statSync(path.join(live, 'catalog.db-wal')).size).toBeGreaterThan(0);
    // Copied while open: the copy is what the disk holds when it is pulled mid-session.
    execFileSync('cp', ['-a', live, root]);
  } finally {
    lib.close();
  }
  fs.rmSync(path.join(root, '.reclib.lock'), { force: true });
  if (!shm) fs.rmSync(path.join(root, 'catalog.db-shm'));
  expect(fs.statSync(path.join(root, 'catalog.db-wal')).size).toBeGreaterThan(0);
  return { root, src, renamed };
}

function bindReadOnly(dir: string): string {
  const mnt = tmpDir('reclib-ro-mnt-');
  execFileSync('mount', ['-o', 'bind,ro', dir, mnt]);
  // Unmounting is part of the test: a catalog left open (a leaked descriptor) would make it fail.
  cleanups.push(() => execFileSync('umount', [mnt]));
  return mnt;
}

/** The commands that must work, with what they must show. */
async function readsWork(root: string, renamed: number): Promise<void> {
  const list = await run(['list', '--library', root, '--json']);
  expect(list.code, list.stderr).toBe(0);
  expect((JSON.parse(list.stdout) as { id: number; displayName: string }[]).map((r) => r.displayName).sort()).toEqual(['Запись 2', 'Запись 3', 'Переименовано в WAL']);
  const show = await run(['show', String(renamed), '--library', root, '--json']);
  expect(show.code, show.stderr).toBe(0);
  expect(JSON.parse(show.stdout)).toMatchObject({ id: renamed, displayName: 'Переименовано в WAL' });
  const quota = await run(['quota', '--library', root, '--json']);
  expect(quota.code, quota.stderr).toBe(0);
  const verify = await run(['verify', '--library', root, '--json']);
  expect(verify.code, verify.stderr).toBe(0);
  expect(JSON.parse(verify.stdout)).toMatchObject({ driftBytes: 0, problems: [] });
  for (const args of [['scan', '--dry-run'], ['cleanup', '--dry-run'], ['templates']]) expect((await run([...args, '--library', root])).code).toBe(0);
}

/** Every command that writes, with real work to do. */
function writes(src: string, backup: string): string[][] {
  return [
    ['import', path.join(src, 'Запись 1.wav'), '--force'],
    ['delete', '1'],
    ['restore', '1'],
    ['scan'],
    ['cleanup', '--yes'],
    ['process', '1'],
    ['templates', 'apply'],
    ['migrate', src],
    ['catalog', 'backup'],
    ['catalog', 'restore', backup],
    ['init'],
  ];
}

describe('a read-only library', { timeout: SPAWNS_TIMEOUT }, () => {
  it.skipIf(!canMount)('on a read-only mount (with a pending WAL, with and without its -shm): reads work, every write says so and changes nothing', async () => {
    for (const shm of [true, false]) {
      const { root, src, renamed } = await libraryWithWal(shm);
      const backup = path.join(path.dirname(root), 'live', 'backups', 'none.db');
      const before = snapshotTree(root);
      const ro = bindReadOnly(root);
      await readsWork(ro, renamed);
      for (const args of writes(src, backup)) {
        const r = await run([...args, '--library', ro]);
        expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 1, stdout: '' });
        expect(r.stderr).toBe(`reclib: The library at ${ro} is read-only (the disk is mounted read-only). Nothing was changed.\n`);
      }
      // The app says the same instead of opening it for writing.
      const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
      expect(await core.start(ro)).toBeNull();
      const status = core.status;
      expect(status.state === 'unavailable' ? status.problem : null).toMatchObject({ kind: 'read-only', reason: 'the disk is mounted read-only' });
      expect(snapshotTree(root)).toEqual(before);
      cleanups.pop()!(); // unmount now: proves no descriptor was left open on it
    }
  });

  it('a folder the user may not write: reads work, writes are refused in words (run as an unprivileged user)', async () => {
    const { root, src } = await libraryWithWal(false);
    const before = snapshotTree(root);
    execFileSync('chmod', ['-R', 'a-w', root]);
    cleanups.push(() => execFileSync('chmod', ['-R', 'u+w', root]));
    // As root the permission bits do not apply: the check runs as nobody, as a real process.
    const as = isRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
    const reclib = (args: string[]) => {
      const argv = [...as, process.execPath, '--import', path.join(repo, 'node_modules/tsx/dist/loader.mjs'), path.join(repo, 'src-main/cli.ts'), ...args, '--library', root];
      const res = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', env: { ...process.env, HOME: path.dirname(root) }, timeout: 120_000 });
      return { status: res.status, stdout: res.stdout, stderr: res.stderr };
    };
    const list = reclib(['list', '--json']);
    expect(list.status, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { displayName: string }[]).map((r) => r.displayName)).toContain('Переименовано в WAL');
    const verify = reclib(['verify', '--json']);
    expect(verify.status, verify.stderr).toBe(0);
    for (const args of [['delete', '1'], ['import', path.join(src, 'Запись 2.wav'), '--force']]) {
      const r = reclib(args);
      expect({ args, status: r.status }).toEqual({ args, status: 1 });
      expect(r.stderr).toBe(`reclib: The library at ${root} is read-only (you do not have permission to write in its folder). Nothing was changed.\n`);
    }
    expect(snapshotTree(root)).toEqual(before);
  });

  it.skipIf(!isRoot)('an immutable catalog (chattr +i): reads work, writes are refused in words', async () => {
    const { root, src, renamed } = await libraryWithWal(true);
    const catalog = path.join(root, 'catalog.db');
    // Fold the WAL in first: an immutable catalog cannot take a checkpoint.
    const lib = Library.open(root, { writer: 'test' });
    lib.close();
    const before = fs.readFileSync(catalog);
    if (spawnSync('chattr', ['+i', catalog]).status !== 0) return; // no CAP_LINUX_IMMUTABLE here
    cleanups.push(() => execFileSync('chattr', ['-i', catalog]));
    await readsWork(root, renamed);
    for (const args of [['delete', '1'], ['import', path.join(src, 'Запись 2.wav'), '--force'], ['scan']]) {
      const r = await run([...args, '--library', root]);
      expect({ args, code: r.code }).toEqual({ args, code: 1 });
      expect(r.stderr).toBe(`reclib: The library at ${root} is read-only (catalog.db is marked unchangeable (immutable)). Nothing was changed.\n`);
    }
    expect(fs.readFileSync(catalog).equals(before)).toBe(true);
  });
});
