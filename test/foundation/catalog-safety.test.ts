/**
 * A damaged catalog is named, with the way back, by every command; `catalog restore` puts a
 * backup in place (and refuses what it must not restore) without ever trusting the damaged file.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { AppCore } from '@core/services/app';
import { stampPath } from '@core/catalog/check';
import { openCatalog, SCHEMA_VERSION } from '@core/catalog/connection';
import { migrations } from '@core/catalog/migrations.generated';
import { LIBRARY_ID_KEY, MARKER_FILE } from '@core/catalog/library-id';
import { importPaths } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { silentLogger } from '../../src-main/core/log/logger';
import { installDefaults } from '../../src-main/core/templates/install';
import { makeAudio, tools } from '../media';
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

const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

/** A real library: `reclib init`, then six recordings with Cyrillic names imported. */
async function library(n = 6): Promise<{ root: string; src: string }> {
  const base = tmpDir('reclib-safety-');
  const src = path.join(base, 'src');
  // Each a different length: identical content would be imported once (duplicates are skipped).
  for (let i = 1; i <= n; i++) makeAudio(path.join(src, `Лекция ${i}.wav`), 1 + i * 0.25);
  const root = path.join(base, 'Library');
  const lib = Library.open(root, { create: true, writer: 'test', onCreate: installDefaults });
  try {
    const r = await importPaths(lib, [src], { profileId: 1, move: false, force: false, tools });
    expect(r.imported).toHaveLength(n);
  } finally {
    lib.close();
  }
  return { root, src };
}

/** The damage: 4 KiB of random bytes written into the middle of catalog.db. */
function garbageInTheMiddle(file: string): void {
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, randomBytes(4096), 0, 4096, Math.floor(size / 2));
  fs.closeSync(fd);
}

const damagedWithBackup = (root: string, backup: string) =>
  new RegExp(
    `^catalog\\.db is damaged \\(.+\\)\\. Your files are untouched\\. Restore the latest backup \\(made \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC\\) with \`reclib catalog restore ${escape(backup)} --library ${escape(root)}\` \\(or an older one from ${escape(path.join(root, 'backups'))}\\)\\. Recordings imported after it are still in their folders: the restore registers them again \\(with their names and tags while this catalog can still be read\\)\\.$`,
  );
function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('a damaged catalog', { timeout: SPAWNS_TIMEOUT }, () => {
  it('the issue: garbage in the middle -> scan, import, list, quota (and the rest) exit 1 naming the newest backup; nothing is changed', async () => {
    const { root, src } = await library();
    // An older backup and the newest one: the message must name the newest.
    const first = await run(['catalog', 'backup', '--library', root, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const older = path.join(root, 'backups', 'catalog-2020-01-01T000000Z.db');
    fs.renameSync(JSON.parse(first.stdout).path, older);
    const newest = JSON.parse((await run(['catalog', 'backup', '--library', root, '--json'])).stdout).path as string;
    expect(path.basename(newest)).toMatch(/^catalog-\d{4}-\d{2}-\d{2}T\d{6}Z(-\d+)?\.db$/);

    const catalog = path.join(root, 'catalog.db');
    garbageInTheMiddle(catalog);
    const damaged = sha(catalog);
    const files = snapshotTree(path.join(root, 'users'));
    const another = makeAudio(path.join(path.dirname(src), 'more', 'Новая.wav'), 1);

    for (const args of [['scan'], ['import', another], ['list'], ['quota'], ['show', '1'], ['verify'], ['cleanup', '--dry-run'], ['delete', '1'], ['process', '--all'], ['templates']]) {
      for (const json of [false, true]) {
        const r = await run([...args, '--library', root, ...(json ? ['--json'] : [])]);
        expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 1, stdout: '' });
        const message = json ? (JSON.parse(r.stderr) as { error: string }).error : r.stderr.replace(/^reclib: /, '').trimEnd();
        expect(message).toMatch(damagedWithBackup(root, newest));
      }
    }
    // A real process, real exit code.
    const p = cli(['scan', '--library', root, '--json']);
    expect(p.status).toBe(1);
    expect(JSON.parse(p.stderr).error).toMatch(damagedWithBackup(root, newest));
    // Nothing was changed: the damaged catalog byte for byte, the files, the file offered to import.
    expect(sha(catalog)).toBe(damaged);
    expect(snapshotTree(path.join(root, 'users'))).toEqual(files);
    expect(fs.existsSync(another)).toBe(true);

    // The app shows it instead of opening it.
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
    expect(await core.start(root)).toBeNull();
    const status = core.status;
    expect(status.state === 'unavailable' && status.problem.kind).toBe('damaged');
    expect(status.state === 'unavailable' && status.problem.message).toMatch(damagedWithBackup(root, newest));
    expect(fs.existsSync(path.join(root, '.reclib.lock'))).toBe(false);

    // The way back: restore the newest backup; the damaged file is kept aside, the library works.
    const restored = await run(['catalog', 'restore', newest, '--library', root, '--json']);
    expect(restored.code, restored.stderr).toBe(0);
    const report = JSON.parse(restored.stdout) as { catalog: string; from: string; schemaVersion: number; keptAside: string[] };
    expect(report).toMatchObject({ catalog, from: newest, schemaVersion: SCHEMA_VERSION });
    expect(path.basename(report.keptAside[0]!)).toMatch(/^catalog\.db\.damaged-\d{4}-\d{2}-\d{2}T\d{6}Z$/);
    expect(sha(report.keptAside[0]!)).toBe(damaged);
    const list = JSON.parse((await run(['list', '--library', root, '--json'])).stdout) as { displayName: string }[];
    expect(list.map((r) => r.displayName).sort()).toEqual([1, 2, 3, 4, 5, 6].map((i) => `Лекция ${i}`));
    expect((await run(['verify', '--library', root])).code).toBe(0);
    expect(snapshotTree(path.join(root, 'users'))).toEqual(files);
  });

  it('is found even when the file times are set back (the check is skipped only for the very file found healthy)', async () => {
    const { root } = await library(2);
    const catalog = path.join(root, 'catalog.db');
    expect((await run(['list', '--library', root])).code).toBe(0);
    expect(fs.existsSync(stampPath(catalog))).toBe(true);
    const st = fs.statSync(catalog);
    garbageInTheMiddle(catalog);
    fs.utimesSync(catalog, st.atime, st.mtime);
    const r = await run(['list', '--library', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^reclib: catalog\.db is damaged \(/);
  });

  it('a damaged page SQLite meets mid-command (the file looked unchanged) gets the same message, and the next open checks fully', async () => {
    const { root } = await library(2);
    const catalog = path.join(root, 'catalog.db');
    expect((await run(['list', '--library', root])).code).toBe(0);
    const db = new Database(catalog, { readonly: true });
    const rootPage = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'recordings'").get() as { rootpage: number }).rootpage;
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    const fd = fs.openSync(catalog, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, (rootPage - 1) * pageSize);
    fs.closeSync(fd);
    // Bit rot under an unchanged identity: forge the stamp so the open-time page walk is skipped.
    const s = fs.statSync(catalog, { bigint: true });
    fs.writeFileSync(stampPath(catalog), JSON.stringify({ dev: String(s.dev), ino: String(s.ino), size: String(s.size), mtimeNs: String(s.mtimeNs), ctimeNs: String(s.ctimeNs) }));
    const r = await run(['list', '--library', root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^reclib: catalog\.db is damaged \(.*malformed.*\)\. Your files are untouched\. There is no backup in .* to restore/);
    expect(fs.existsSync(stampPath(catalog))).toBe(false);
    expect((await run(['quota', '--library', root])).stderr).toMatch(/^reclib: catalog\.db is damaged \(integrity check: /);
  });

  it('a broken header, a truncated or an emptied catalog is named even when the stamp matches; with no backup the message says so', async () => {
    const cases: [string, (f: string) => void, RegExp][] = [
      ['header', (f) => { const fd = fs.openSync(f, 'r+'); fs.writeSync(fd, Buffer.from('not a database!!')); fs.closeSync(fd); }, /it does not start with the SQLite header/],
      ['truncated', (f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 8192) * 4096), /it is truncated \(\d+ of \d+ bytes\)/],
      ['emptied', (f) => fs.truncateSync(f, 0), /it is empty \(0 bytes\)/],
    ];
    for (const [what, damage, detail] of cases) {
      const { root } = await library(1);
      const catalog = path.join(root, 'catalog.db');
      expect((await run(['list', '--library', root])).code).toBe(0);
      damage(catalog);
      const s = fs.statSync(catalog, { bigint: true });
      fs.writeFileSync(stampPath(catalog), JSON.stringify({ dev: String(s.dev), ino: String(s.ino), size: String(s.size), mtimeNs: String(s.mtimeNs), ctimeNs: String(s.ctimeNs) }));
      const before = sha(catalog);
      for (const args of [['list'], ['quota'], ['init']]) {
        const r = await run([...args, '--library', root]);
        expect({ what, args, code: r.code }).toEqual({ what, args, code: 1 });
        expect(r.stderr).toMatch(new RegExp(`^reclib: catalog\\.db is damaged \\(${detail.source}\\)\\. Your files are untouched\\. There is no backup in ${escape(path.join(root, 'backups'))} to restore`));
      }
      // init does not "repair" a damaged catalog into a new, empty one.
      expect(sha(catalog)).toBe(before);
    }
  });
});

describe('catalog restore', { timeout: SPAWNS_TIMEOUT }, () => {
  it('refuses what is not a sound backup of this library, changing nothing', async () => {
    const { root } = await library(1);
    const catalog = path.join(root, 'catalog.db');
    const good = JSON.parse((await run(['catalog', 'backup', '--library', root, '--json'])).stdout).path as string;
    const dir = tmpDir('reclib-bad-backups-');
    const text = path.join(dir, 'notes.db');
    fs.writeFileSync(text, 'just some text, not a database');
    const damaged = path.join(dir, 'damaged.db');
    fs.copyFileSync(good, damaged);
    garbageInTheMiddle(damaged);
    const newer = path.join(dir, 'newer.db');
    fs.copyFileSync(good, newer);
    const n = new Database(newer);
    n.pragma(`user_version = ${SCHEMA_VERSION + 3}`);
    n.close();
    const foreign = path.join(dir, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    f.close();
    const otherLib = path.join(dir, 'other-library.db');
    fs.copyFileSync(good, otherLib);
    const o = new Database(otherLib);
    o.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(LIBRARY_ID_KEY, 'library-B');
    o.close();
    const l = new Database(catalog);
    l.prepare('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)').run(LIBRARY_ID_KEY, 'library-A');
    l.close();

    // What a reader leaves beside a WAL catalog (an empty -wal, the -shm index) is no change.
    const contents = () => new Map([...snapshotTree(root)].filter(([rel]) => !/^catalog\.db-(wal|shm)$/.test(rel)));
    const before = contents();
    const cases: [string, RegExp][] = [
      [text, /^Cannot restore: .*notes\.db is not an SQLite database\. Nothing was changed\.$/],
      [damaged, /^Cannot restore: .*damaged\.db is damaged itself \(.+\)\. Nothing was changed\.$/],
      [newer, new RegExp(`^Cannot restore .*newer\\.db: it was written by a newer version of Reclib \\(schema ${SCHEMA_VERSION + 3}; this version knows up to ${SCHEMA_VERSION}\\)\\. Update Reclib, then restore it\\. Nothing was changed\\.$`)],
      [foreign, /^Cannot restore: .*foreign\.db is not a Reclib catalog \(it has no __drizzle_migrations, profiles, recordings, files, settings tables\)\. Nothing was changed\.$/],
      [otherLib, /^Cannot restore .*other-library\.db: it is a backup of another library \(library id library-B, this one is library-A\)\. Nothing was changed\.$/],
      [path.join(dir, 'missing.db'), /^Cannot restore: .*missing\.db does not exist\. Nothing was changed\.$/],
      [catalog, /is the library's catalog itself/],
    ];
    for (const [file, message] of cases) {
      const r = await run(['catalog', 'restore', file, '--library', root, '--json']);
      expect({ file, code: r.code }).toEqual({ file, code: 1 });
      expect(JSON.parse(r.stderr).error).toMatch(message);
      expect(contents()).toEqual(before);
    }
    // A damaged catalog cannot say whose it is: the root marker does.
    fs.writeFileSync(path.join(root, MARKER_FILE), JSON.stringify({ id: 'library-A' }));
    garbageInTheMiddle(catalog);
    fs.writeFileSync(catalog, Buffer.concat([Buffer.from('garbage header!!'), fs.readFileSync(catalog).subarray(16)]));
    const damagedBefore = contents();
    const refused = await run(['catalog', 'restore', otherLib, '--library', root]);
    expect(refused.stderr).toMatch(/it is a backup of another library \(library id library-B, this one is library-A\)\. Nothing was changed\./);
    expect(contents()).toEqual(damagedBefore);
    // Into a folder that is no library: not found, nothing made there.
    const empty = tmpDir('reclib-empty-mount-');
    const r = await run(['catalog', 'restore', good, '--library', empty]);
    expect(r.stderr).toMatch(/^reclib: No Reclib library at /);
    expect(fs.readdirSync(empty)).toEqual([]);
  });

  it('waits for nobody: while the app has the library open, restore is refused with who holds it', async () => {
    const { root } = await library(1);
    const good = JSON.parse((await run(['catalog', 'backup', '--library', root, '--json'])).stdout).path as string;
    const core = new AppCore({ log: silentLogger, owner: 'the Reclib app', integrity: { watch: false, startupScan: false }, dailyBackups: false });
    await core.open(root);
    try {
      const before = sha(path.join(root, 'catalog.db'));
      const r = await run(['catalog', 'restore', good, '--library', root]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/The library is being changed by the Reclib app \(pid \d+/);
      expect(sha(path.join(root, 'catalog.db'))).toBe(before);
    } finally {
      await core.closeAsync();
    }
  });

  it('an older backup is restored and upgraded by the scan that follows it (with a backup of it first)', async () => {
    const { root } = await library(1);
    expect((await run(['catalog', 'backup', '--library', root])).code).toBe(0);
    // A backup made by the previous version: its catalog stops one migration short.
    const old = path.join(tmpDir(), 'old-schema.db');
    const c = openCatalog(old, { create: true, migrations: migrations.slice(0, SCHEMA_VERSION - 1) });
    c.sqlite.prepare("INSERT INTO profiles (id, name) VALUES (1, 'Старый профиль')").run();
    c.close();
    const backupsBefore = fs.readdirSync(path.join(root, 'backups')).length;
    const r = await run(['catalog', 'restore', old, '--library', root, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { schemaVersion: number; scan: { state: string; adopted: { id: number }[] } };
    expect(out.schemaVersion).toBe(SCHEMA_VERSION - 1);
    // The library's one recording, imported after that "backup", is registered again from its files.
    expect(out.scan.state).toBe('online');
    expect(out.scan.adopted.map((a) => a.id)).toEqual([1]);
    expect(fs.readdirSync(path.join(root, 'backups')).length).toBe(backupsBefore + 1);
    const lib = Library.open(root, { writer: 'test' });
    expect(lib.catalog.schemaVersion).toBe(SCHEMA_VERSION);
    expect(lib.sqlite.prepare('SELECT name FROM profiles').all()).toEqual([{ name: 'Старый профиль' }]);
    lib.close();
  });

  for (const point of ['restore:copied', 'restore:aside', 'restore:side-files']) {
    it(`killed at ${point}: the library holds the old catalog or the new one, and running restore again finishes`, async () => {
      const { root } = await library(2);
      const catalog = path.join(root, 'catalog.db');
      const good = JSON.parse((await run(['catalog', 'backup', '--library', root, '--json'])).stdout).path as string;
      garbageInTheMiddle(catalog);
      const killed = cli(['catalog', 'restore', good, '--library', root], { RECLIB_FAULT_AT: point });
      expect(killed.signal).toBe('SIGKILL');
      const between = await run(['list', '--library', root]);
      expect(between.code === 0 || /catalog\.db is damaged/.test(between.stderr)).toBe(true);
      const again = cli(['catalog', 'restore', good, '--library', root, '--json']);
      expect(again.status, again.stderr).toBe(0);
      const list = JSON.parse((await run(['list', '--library', root, '--json'])).stdout) as unknown[];
      expect(list).toHaveLength(2);
      expect(fs.readdirSync(root).filter((n) => n.includes('.restoring-'))).toEqual([]);
      expect(fs.readdirSync(root).some((n) => /^catalog\.db\.damaged-/.test(n))).toBe(true);
    });
  }
});
