import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CatalogError, openCatalog, SCHEMA_VERSION } from '@core/catalog/connection';
import { migrations } from '@core/catalog/migrations.generated';
import { readMigrationFolder } from '@core/catalog/migrations-source';
import { Library } from '@core/catalog/library';
import { tmpDir } from '../helpers/tmp';

const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');

describe('catalog', () => {
  it('creates the schema with WAL, foreign keys, busy timeout and the required indexes', () => {
    const file = path.join(tmpDir(), 'catalog.db');
    const c = openCatalog(file, { create: true });
    expect(c.schemaVersion).toBe(SCHEMA_VERSION);
    expect(c.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(c.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(c.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = (c.sqlite.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]).map((t) => t.name);
    for (const t of ['profiles', 'recordings', 'files', 'usage', 'templates', 'settings', 'journal', 'jobs', 'tombstones', 'audit_log', 'migration_runs']) {
      expect(tables).toContain(t);
    }
    const idx = (table: string) => (c.sqlite.prepare(`PRAGMA index_list(${table})`).all() as { name: string }[]).map((i) => i.name);
    expect(idx('recordings')).toEqual(expect.arrayContaining(['recordings_profile_status', 'recordings_profile_template']));
    const cols = (name: string) => (c.sqlite.prepare(`PRAGMA index_info(${name})`).all() as { name: string }[]).map((i) => i.name);
    expect(cols('recordings_profile_status')).toEqual(['profile_id', 'status']);
    expect(cols('recordings_profile_template')).toEqual(['profile_id', 'template_id']);
    c.close();
  });

  it('reopening applies nothing twice', () => {
    const file = path.join(tmpDir(), 'catalog.db');
    openCatalog(file, { create: true }).close();
    const c = openCatalog(file);
    expect(c.sqlite.prepare('SELECT COUNT(*) AS n FROM "__drizzle_migrations"').get()).toEqual({ n: migrations.length });
    c.close();
  });

  it('upgrades a catalog written by an older version in place, keeping its rows', () => {
    const file = path.join(tmpDir(), 'catalog.db');
    const old = openCatalog(file, { create: true, migrations: migrations.slice(0, 1) });
    expect(old.schemaVersion).toBe(1);
    old.sqlite.prepare("INSERT INTO profiles (id, name) VALUES (7, 'Старый')").run();
    old.close();
    const c = openCatalog(file);
    expect(c.schemaVersion).toBe(SCHEMA_VERSION);
    expect(c.sqlite.prepare('SELECT name FROM profiles WHERE id = 7').get()).toEqual({ name: 'Старый' });
    expect((c.sqlite.prepare('PRAGMA index_list(files)').all() as { name: string }[]).map((i) => i.name)).toContain('files_kind_size');
    c.close();
  });

  it('refuses a catalog written by a newer version and leaves it byte-identical', () => {
    const file = path.join(tmpDir(), 'catalog.db');
    openCatalog(file, { create: true }).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = sha(file);
    expect(() => openCatalog(file)).toThrow(CatalogError);
    expect(() => openCatalog(file)).toThrow(/newer version of Reclib .*not changed/);
    expect(sha(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('the embedded migrations match drizzle-kit output (run npm run db:generate when this fails)', () => {
    const dir = path.resolve(import.meta.dirname, '../../src-main/core/catalog/migrations');
    expect(readMigrationFolder(dir)).toEqual(migrations);
  });

  it('a library is created with its layout and a default profile, and opened read-only without a lock', () => {
    const root = path.join(tmpDir(), 'Reclib Library');
    const lib = Library.open(root, { create: true, writer: 'test' });
    for (const d of ['users', 'shared/thumbnails', 'temp', 'trash']) expect(fs.statSync(path.join(root, d)).isDirectory()).toBe(true);
    expect(lib.sqlite.prepare('SELECT id, name FROM profiles').all()).toEqual([{ id: 1, name: 'Default' }]);
    lib.close();
    const ro = Library.open(root);
    expect(ro.readonly).toBe(true);
    ro.close();
    expect(() => Library.open(path.join(root, 'nope'))).toThrow(/No Reclib library at .*nope\. Is the disk mounted\?/);
  });

  it('library settings have defaults, validate, and persist', () => {
    const lib = Library.open(path.join(tmpDir(), 'L'), { create: true, writer: 'test' });
    expect(lib.settings().retentionDays).toBe(30);
    expect(lib.settings().trim).toEqual({ noiseDb: -40, minSilenceSec: 2, paddingSec: 5, windowSec: 600 });
    lib.updateSettings({ trim: { paddingSec: 3 } });
    expect(lib.settings().trim.paddingSec).toBe(3);
    expect(lib.settings().trim.noiseDb).toBe(-40);
    expect(() => lib.updateSettings({ retentionDays: -4 })).toThrow();
    expect(lib.settings().retentionDays).toBe(30);
    lib.close();
  });
});
