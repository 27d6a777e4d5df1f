import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { whyReadOnly } from '../storage/writable';
import { backupCatalogSync } from './backup';
import { CatalogDamagedError, checkCatalog, headerProblem, isCorruption } from './check';
import { migrations } from './migrations.generated';
import type { EmbeddedMigration } from './migrations-source';
import { errorMessage } from '@shared/errors';

/**
 * Drizzle without the schema object: nothing uses its relational queries (db.query.*), and
 * handing it the schema makes every open build their configuration (about 10 ms per CLI command).
 */
export type Db = BetterSQLite3Database;

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
  /** Make a new catalog when the file is missing (`reclib init`, the app's "Create"). Never otherwise. */
  create?: boolean;
  /** For tests of version checks; the shipped list otherwise. */
  migrations?: EmbeddedMigration[];
}

const message = (err: unknown) => (errorMessage(err));

/**
 * A read-only folder cannot hold the -shm file a WAL catalog needs even for reading, and this
 * SQLite build has URI filenames off (no `?immutable=1`). Reading then goes through a private copy
 * of catalog.db and its -wal (whose commits count: a library unmounted after a kill has them) in
 * the temp folder, removed on close. Attempting the open in place first is no option: a failed
 * open keeps the file descriptor, which keeps the disk from being unmounted.
 */
function privateCopy(file: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-readonly-'));
  try {
    const copy = path.join(dir, path.basename(file));
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    return copy;
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export function openCatalog(file: string, opts: OpenCatalogOptions = {}): Catalog {
  const list = opts.migrations ?? migrations;
  const root = path.dirname(file);
  const readonly = opts.readonly ?? false;
  const existed = fs.existsSync(file);
  if (!existed && !opts.create) throw new CatalogError(`There is no catalog at ${file}`);
  if (existed) {
    const problem = headerProblem(file);
    if (problem) throw new CatalogDamagedError(root, problem);
  }
  let copy: string | null = null;
  const dropCopy = () => {
    if (copy) fs.rmSync(path.dirname(copy), { recursive: true, force: true });
  };
  let sqlite: Database.Database;
  try {
    if (readonly && whyReadOnly(root, null)) copy = privateCopy(file);
    sqlite = new Database(copy ?? file, { readonly, fileMustExist: readonly || !opts.create });
  } catch (err) {
    dropCopy();
    if (isCorruption(err)) throw new CatalogDamagedError(root, message(err));
    throw new CatalogError(`could not open the catalog ${file}: ${message(err)}`);
  }
  try {
    if (existed) checkCatalog(sqlite, file);
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
    if (!readonly) {
      sqlite.pragma('journal_mode = WAL');
      // NORMAL keeps commits cheap and never corrupts; the few commits that precede an irreversible
      // file operation go through durably(), which puts them (and all before them) on disk first.
      sqlite.pragma('synchronous = NORMAL');
      // The catalog as it was, before this version changes its schema: the way back if the upgrade
      // (or this version) turns out wrong. A brand-new catalog (version 0) has nothing to keep.
      if (found > 0 && found < list.length) {
        try {
          backupCatalogSync(sqlite, root);
        } catch (err) {
          throw new CatalogError(`Could not back up the catalog before upgrading it to this version (${message(err)}). The catalog was not changed.`);
        }
      }
      applyMigrations(sqlite, list);
    }
  } catch (err) {
    sqlite.close();
    dropCopy();
    if (isCorruption(err)) throw new CatalogDamagedError(root, message(err));
    throw err;
  }
  const db = drizzle(sqlite);
  return {
    db,
    sqlite,
    schemaVersion: sqlite.pragma('user_version', { simple: true }) as number,
    close: () => {
      try {
        sqlite.close();
      } finally {
        dropCopy();
      }
    },
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
