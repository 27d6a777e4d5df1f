/**
 * Whether a library has work a crash left behind (journal rows), looked up read-only before the
 * host opens it, so the window can say "Finishing interrupted work…" instead of "Opening library…".
 * Only a hint for the message: any doubt (no catalog, locked, damaged) answers false and the real
 * open decides. (Belongs in core's catalog repositories once that floor has a place for it.)
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { CATALOG_FILE } from '../core/storage/paths';

export function hasInterruptedWork(root: string): boolean {
  let db: Database.Database | null = null;
  try {
    db = new Database(path.join(root, CATALOG_FILE), { readonly: true, fileMustExist: true });
    return db.prepare("SELECT 1 FROM journal WHERE op IN ('import', 'process') LIMIT 1").get() !== undefined;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}
