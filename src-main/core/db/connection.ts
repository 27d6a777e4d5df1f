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
      // FULL: a commit is on disk before we unlink an original or move a legacy file after it; with
      // NORMAL a power cut could lose the row while the file operation survives.
      sqlite.pragma('synchronous = FULL');
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
