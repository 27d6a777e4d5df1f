import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrations } from './migrations.generated';
import type { EmbeddedMigration } from './migrations-source';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export interface Catalog {
  db: Db;
  sqlite: Database.Database;
  schemaVersion: number;
  close(): void;
}

export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** Schema version = number of migrations applied; mirrored in PRAGMA user_version for a cheap check. */
export const SCHEMA_VERSION = migrations.length;

export interface OpenCatalogOptions {
  readonly?: boolean;
  /** For tests of version checks; the shipped list otherwise. */
  migrations?: EmbeddedMigration[];
}

export function openCatalog(file: string, opts: OpenCatalogOptions = {}): Catalog {
  const list = opts.migrations ?? migrations;
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    throw new CatalogError(`could not open the catalog ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    // Checked before any write: a newer catalog must not be touched at all, not even its journal mode.
    const found = sqlite.pragma('user_version', { simple: true }) as number;
    if (found > list.length) {
      throw new CatalogError(
        `This library's catalog (${file}) was written by a newer version of Reclib (schema ${found}; this version knows up to ${list.length}). ` +
          'Update Reclib to open it. The catalog was not changed.',
      );
    }
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    if (!opts.readonly) {
      sqlite.pragma('journal_mode = WAL');
      // NORMAL keeps commits cheap and never corrupts; the few commits that precede an irreversible
      // file operation go through durably(), which puts them (and all before them) on disk first.
      sqlite.pragma('synchronous = NORMAL');
      applyMigrations(sqlite, list);
    }
  } catch (err) {
    sqlite.close();
    throw err;
  }
  const db = drizzle(sqlite, { schema });
  return {
    db,
    sqlite,
    schemaVersion: sqlite.pragma('user_version', { simple: true }) as number,
    close: () => sqlite.close(),
  };
}

/**
 * Runs fn in a transaction whose commit is on disk when this returns, and with it every earlier
 * commit (the WAL is written in order). For the commit right before an irreversible file
 * operation: removing an original after import, moving files a journal row describes, purging.
 */
export function durably<T>(sqlite: Database.Database, fn: () => T): T {
  sqlite.pragma('synchronous = FULL');
  try {
    // IMMEDIATE: take the write lock up front, as every multi-statement write here should.
    return sqlite.transaction(fn).immediate();
  } finally {
    sqlite.pragma('synchronous = NORMAL');
  }
}

/** Applies drizzle-kit migrations, recording them in drizzle's own table so drizzle-kit tooling agrees. */
function applyMigrations(sqlite: Database.Database, list: EmbeddedMigration[]): void {
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  if (current === list.length) return;
  const run = sqlite.transaction(() => {
    sqlite.exec(`CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id INTEGER PRIMARY KEY AUTOINCREMENT, hash text NOT NULL, created_at numeric)`);
    const applied = new Set(
      (sqlite.prepare('SELECT hash FROM "__drizzle_migrations"').all() as { hash: string }[]).map((r) => r.hash),
    );
    const insert = sqlite.prepare('INSERT INTO "__drizzle_migrations" (hash, created_at) VALUES (?, ?)');
    for (const m of list) {
      if (applied.has(m.hash)) continue;
      for (const stmt of m.statements) sqlite.exec(stmt);
      insert.run(m.hash, m.when);
    }
    sqlite.pragma(`user_version = ${list.length}`);
  });
  run.immediate();
}
