/**
 * Prepared statements, compiled once per connection. Hot paths (the ledger, the importer) run the
 * same few statements thousands of times; compiling SQL each time costs more than running it.
 */
import type Database from 'better-sqlite3';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Never call .pluck() or .raw() on it: that would change the statement for every other caller. */
export function stmt(db: Database.Database, sql: string): Database.Statement {
  return cached(db, sql, false);
}

/** A statement that returns each row's first column alone: cached apart from stmt()'s. */
export function pluckStmt(db: Database.Database, sql: string): Database.Statement {
  return cached(db, sql, true);
}

function cached(db: Database.Database, sql: string, pluck: boolean): Database.Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const key = pluck ? `pluck\0${sql}` : sql;
  let s = cache.get(key);
  if (!s) {
    s = db.prepare(sql);
    if (pluck) s.pluck();
    cache.set(key, s);
  }
  return s;
}
