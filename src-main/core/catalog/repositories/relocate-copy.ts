/**
 * Statements run on the catalog's copy while a library moves (relocate/catalog.ts): a separate
 * connection to the copy, never the open catalog.
 */
import type Database from 'better-sqlite3';
import { stmt } from '../statements';

export interface FileStamp {
  id: number;
  relPath: string;
  mtimeMs: number;
  inode: number | null;
}

/** Every file row's place and the inode and mtime the scanner compares. */
export function fileStamps(db: Database.Database): FileStamp[] {
  return stmt(db, 'SELECT id, rel_path AS relPath, mtime_ms AS mtimeMs, inode FROM files').all() as FileStamp[];
}

export function restampFile(db: Database.Database, id: number, inode: number, mtimeMs: number): void {
  stmt(db, 'UPDATE files SET inode = ?, mtime_ms = ? WHERE id = ?').run(inode, mtimeMs, id);
}

/** The move's own job ran to its end; in the copy it would read as interrupted. */
export function finishRelocateJobs(db: Database.Database, at: number): void {
  stmt(db, "UPDATE jobs SET state = 'done', finished_at = ? WHERE kind = 'relocate' AND state IN ('running', 'queued')").run(at);
}

/** One self-contained file to fsync and rename (no WAL beside it); opening it turns WAL on again. */
export function leaveWal(db: Database.Database): void {
  db.pragma('journal_mode = DELETE');
}
