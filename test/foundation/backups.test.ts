/**
 * Automatic backups of the catalog in <library>/backups: before a schema upgrade, before a
 * migration apply, once a day while a library is open (app and CLI writers), the last 7 kept,
 * each written temp -> fsync -> verified -> renamed; and backups/ is never library content.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { AppCore } from '@core/services/app';
import { backupCatalog } from '@core/catalog/backup';
import { backupName, KEEP_BACKUPS, listBackups, pruneBackups } from '@core/catalog/backup-files';
import { openCatalog, SCHEMA_VERSION } from '@core/catalog/connection';
import { DailyBackups } from '@core/catalog/daily-backup';
import { migrations } from '@core/catalog/migrations.generated';
import { importPaths } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { silentLogger } from '../../src-main/core/log/logger';
import { applyMigration, applyRun, PLAN_CHANGED, planAndStore } from '../../src-main/core/migrate/service';
import { makeAudio, tools } from '../media';
import { makeLegacyTree } from '../migrate/fixture';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';

/** Real CLI processes start slowly on a busy machine (seconds each): room for that, no speed asserted. */
const SPAWNS_TIMEOUT = 240_000;

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} }, new AbortController().signal);
  return { code, stdout, stderr };
}

function rows(file: string, sql: string): unknown[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
}

async function library(n = 2): Promise<string> {
  const base = tmpDir('reclib-backups-');
  const src = path.join(base, 'src');
  for (let i = 1; i <= n; i++) makeAudio(path.join(src, `Урок ${i}.wav`), 1 + i * 0.3);
  const root = path.join(base, 'Library');
  const lib = Library.open(root, { create: true, writer: 'test' });
  try {
    expect((await importPaths(lib, [src], { profileId: 1, move: false, force: false, tools })).imported).toHaveLength(n);
  } finally {
    lib.close();
  }
  return root;
}

const backupsOf = (root: string) => listBackups(root).map((b) => b.path);
const DAY = 86_400_000;

describe('catalog backups', { timeout: SPAWNS_TIMEOUT }, () => {
  it('`catalog backup --json` prints {"path"}: a verified, self-contained copy named by UTC time, and nothing else left behind', async () => {
    const root = await library();
    const r = await run(['catalog', 'backup', '--library', root, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, string>;
    expect(Object.keys(out)).toEqual(['path']);
    expect(path.dirname(out.path!)).toBe(path.join(root, 'backups'));
    expect(path.basename(out.path!)).toMatch(/^catalog-\d{4}-\d{2}-\d{2}T\d{6}Z(-\d+)?\.db$/);
    expect(fs.readdirSync(path.join(root, 'backups'))).toEqual([path.basename(out.path!)]);
    expect(rows(out.path!, 'PRAGMA quick_check')).toEqual([{ quick_check: 'ok' }]);
    expect(rows(out.path!, 'PRAGMA journal_mode')).toEqual([{ journal_mode: 'delete' }]);
    expect(rows(out.path!, 'SELECT display_name FROM recordings ORDER BY display_name')).toEqual([{ display_name: 'Урок 1' }, { display_name: 'Урок 2' }]);
    const text = await run(['catalog', 'backup', '--library', root]);
    expect(text.stdout).toMatch(/^Backed up the catalog to .*backups\/catalog-.*\.db\n$/);
    expect(backupsOf(root)).toHaveLength(2);
  });

  it('before a schema upgrade: the catalog as the older version left it; an upgrade that cannot be backed up does not happen', () => {
    for (const blocked of [false, true]) {
      const root = path.join(tmpDir(), 'Library');
      fs.mkdirSync(root);
      const old = openCatalog(path.join(root, 'catalog.db'), { create: true, migrations: migrations.slice(0, 1) });
      old.sqlite.prepare("INSERT INTO profiles (id, name) VALUES (1, 'Старый')").run();
      old.close();
      if (blocked) fs.writeFileSync(path.join(root, 'backups'), 'a file where the backups folder should be');
      if (blocked) {
        expect(() => Library.open(root, { writer: 'test' })).toThrow(/^Could not back up the catalog before upgrading it to this version \(.+\)\. The catalog was not changed\.$/);
        expect(rows(path.join(root, 'catalog.db'), 'PRAGMA user_version')).toEqual([{ user_version: 1 }]);
        continue;
      }
      const lib = Library.open(root, { writer: 'test' });
      expect(lib.catalog.schemaVersion).toBe(SCHEMA_VERSION);
      lib.close();
      const [b] = backupsOf(root);
      expect(backupsOf(root)).toHaveLength(1);
      expect(rows(b!, 'PRAGMA user_version')).toEqual([{ user_version: 1 }]);
      expect(rows(b!, 'SELECT name FROM profiles')).toEqual([{ name: 'Старый' }]);
      // Opening again upgrades nothing, so backs up nothing.
      Library.open(root, { writer: 'test' }).close();
      expect(backupsOf(root)).toHaveLength(1);
    }
  });

  it('before a migration apply, by either door (CLI apply and the wizard run): the catalog as it was before the run', async () => {
    for (const door of ['applyMigration', 'applyRun'] as const) {
      const dir = tmpDir('reclib-backup-migrate-');
      const media = makeLegacyTree(dir, { dataDb: false });
      const root = path.join(dir, 'Library');
      const lib = Library.open(root, { create: true, writer: 'test' });
      try {
        const runId = door === 'applyRun' ? (await planAndStore(lib, media)).runId : null;
        expect(backupsOf(root)).toEqual([]);
        if (runId) await applyRun(lib, runId);
        else await applyMigration(lib, media);
        expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM recordings').get()).not.toEqual({ n: 0 });
        const [b] = backupsOf(root);
        expect(backupsOf(root)).toHaveLength(1);
        expect(rows(b!, 'SELECT COUNT(*) AS n FROM recordings')).toEqual([{ n: 0 }]);
        expect(rows(b!, 'SELECT state FROM migration_runs')).toEqual(runId ? [{ state: 'planned' }] : []);
      } finally {
        lib.close();
      }
    }
  });

  it('no backup when a migration changes nothing: a mistyped folder, nothing left to move, an applied run asked again, a changed plan', async () => {
    const dir = tmpDir('reclib-backup-nothing-');
    const media = makeLegacyTree(dir, { dataDb: false });
    const root = path.join(dir, 'Library');
    const lib = Library.open(root, { create: true, writer: 'test' });
    try {
      await expect(applyMigration(lib, path.join(dir, 'медиа-опечатка'))).rejects.toThrow();
      expect(backupsOf(root)).toEqual([]);
      const planned = await planAndStore(lib, media);
      fs.writeFileSync(path.join(media, 'добавлено после плана.txt'), 'новое');
      await expect(applyRun(lib, planned.runId)).rejects.toThrow(PLAN_CHANGED);
      expect(backupsOf(root)).toEqual([]);
      const applied = await applyMigration(lib, media);
      expect(applied.moved).toBeGreaterThan(0);
      const kept = backupsOf(root);
      expect(kept).toHaveLength(1);
      // Applied already: asking again (by folder or by run id) moves nothing and backs up nothing.
      expect((await applyMigration(lib, media)).moved).toBe(0);
      expect((await applyRun(lib, applied.runId)).runId).toBe(applied.runId);
      expect(backupsOf(root)).toEqual(kept);
    } finally {
      lib.close();
    }
  });

  it('daily while the app has the library open: one at open when none is younger than a day, none when one is', async () => {
    const root = await library();
    const open = async () => {
      const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
      await core.open(root);
      await core.backups!.idle();
      await core.closeAsync();
    };
    await open();
    expect(backupsOf(root)).toHaveLength(1);
    await open();
    expect(backupsOf(root)).toHaveLength(1);
    // A day later (the newest is from two days ago): one more at open.
    const [only] = backupsOf(root);
    fs.renameSync(only!, path.join(root, 'backups', backupName(new Date(Date.now() - 2 * DAY))));
    await open();
    expect(backupsOf(root)).toHaveLength(2);
    expect(Date.now() - listBackups(root)[0]!.at.getTime()).toBeLessThan(DAY);
  });

  it('daily while open: the periodic look makes the backup once the newest is a day old', async () => {
    const root = await library();
    fs.mkdirSync(path.join(root, 'backups'));
    const lib = Library.open(root, { writer: 'test' });
    const daily = new DailyBackups(lib.sqlite, lib.root, silentLogger, 25);
    try {
      // A fresh backup: the first look finds nothing to do.
      const fresh = await backupCatalog(lib.sqlite, lib.root);
      daily.start();
      await daily.idle();
      expect(backupsOf(root)).toEqual([fresh.path]);
      // The day passes (the newest becomes two days old); a later look makes a new one.
      fs.renameSync(fresh.path, path.join(root, 'backups', backupName(new Date(Date.now() - 2 * DAY))));
      await new Promise<void>((resolve) => {
        const check = () => (listBackups(root).some((b) => Date.now() - b.at.getTime() < DAY) ? resolve() : setTimeout(check, 25));
        check();
      });
    } finally {
      await daily.stop();
      lib.close();
    }
    expect(backupsOf(root)).toHaveLength(2);
  });

  it('CLI writers make the day’s backup (reading commands and init do not)', async () => {
    const root = path.join(tmpDir(), 'L');
    await run(['init', '--library', root]);
    await run(['list', '--library', root]);
    await run(['quota', '--library', root]);
    expect(backupsOf(root)).toEqual([]);
    const src = makeAudio(path.join(tmpDir(), 'Новое.wav'), 1);
    expect((await run(['import', src, '--library', root])).code).toBe(0);
    expect(backupsOf(root)).toHaveLength(1);
    expect(rows(backupsOf(root)[0]!, 'SELECT COUNT(*) AS n FROM recordings')).toEqual([{ n: 0 }]);
    expect((await run(['delete', '1', '--library', root])).code).toBe(0);
    expect(backupsOf(root)).toHaveLength(1);
  });

  it(`keeps the newest ${KEEP_BACKUPS}, removes stale temp files, and never touches what is not ours`, async () => {
    const root = await library(1);
    const lib = Library.open(root);
    const made: string[] = [];
    try {
      for (let d = 9; d >= 1; d--) made.push((await backupCatalog(lib.sqlite, lib.root, new Date(Date.now() - d * DAY))).path);
    } finally {
      lib.close();
    }
    expect(backupsOf(root)).toEqual(made.slice(-KEEP_BACKUPS).reverse());
    const dir = path.join(root, 'backups');
    fs.writeFileSync(path.join(dir, 'my notes.txt'), 'mine');
    fs.writeFileSync(path.join(dir, 'catalog-old-copy.db'), 'mine too');
    const stale = path.join(dir, '.catalog-123-abcd.db.tmp');
    const fresh = path.join(dir, '.catalog-456-ef01.db.tmp');
    fs.writeFileSync(stale, 'killed backup');
    fs.writeFileSync(fresh, 'a backup running in another process');
    const past = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(stale, past, past);
    pruneBackups(root);
    expect(fs.readdirSync(dir).sort()).toEqual([...made.slice(-KEEP_BACKUPS).map((p) => path.basename(p)), '.catalog-456-ef01.db.tmp', 'catalog-old-copy.db', 'my notes.txt'].sort());
  });

  it('a backup killed before its rename leaves no backup (only a temp file), and the next one is whole', async () => {
    const root = await library(1);
    const killed = cli(['catalog', 'backup', '--library', root], { RECLIB_FAULT_AT: 'backup:verified' });
    expect(killed.signal).toBe('SIGKILL');
    expect(backupsOf(root)).toEqual([]);
    expect(fs.readdirSync(path.join(root, 'backups')).every((n) => n.startsWith('.catalog-') && n.endsWith('.db.tmp'))).toBe(true);
    expect((await run(['list', '--library', root])).code).toBe(0);
    const r = await run(['catalog', 'backup', '--library', root, '--json']);
    expect(r.code).toBe(0);
    expect(rows(JSON.parse(r.stdout).path, 'PRAGMA quick_check')).toEqual([{ quick_check: 'ok' }]);
  });

  it('backups/ is ours, not content: scan, cleanup (every kind) and verify pass over it, also when it is empty', async () => {
    const root = await library(2);
    for (const empty of [false, true]) {
      if (empty) for (const f of fs.readdirSync(path.join(root, 'backups'))) fs.rmSync(path.join(root, 'backups', f));
      else expect((await run(['catalog', 'backup', '--library', root])).code).toBe(0);
      const scan = JSON.parse((await run(['scan', '--dry-run', '--library', root, '--json'])).stdout) as { orphans: unknown[]; missing: unknown[] };
      expect({ orphans: scan.orphans, missing: scan.missing }).toEqual({ orphans: [], missing: [] });
      const plan = await run(['cleanup', '--dry-run', '--kind', 'temp', '--kind', 'expired', '--kind', 'trash', '--kind', 'orphans', '--kind', 'missing', '--kind', 'empty', '--library', root, '--json']);
      expect(plan.code, plan.stderr).toBe(0);
      expect(JSON.parse(plan.stdout).items).toEqual([]);
      const verify = JSON.parse((await run(['verify', '--library', root, '--json'])).stdout) as { driftBytes: number; problems: unknown[] };
      expect({ drift: verify.driftBytes, problems: verify.problems }).toEqual({ drift: 0, problems: [] });
      expect(fs.existsSync(path.join(root, 'backups'))).toBe(true);
    }
  });
});
