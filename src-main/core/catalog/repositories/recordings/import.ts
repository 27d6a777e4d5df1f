/**
 * The catalog side of an import: the `importing` row that reserves a recording's id, its state
 * once the bytes are in, and the duplicate checks against files and tombstones.
 */
import type Database from 'better-sqlite3';
import { searchKeyOf } from '@shared/domain';
import { stmt } from '../../statements';

export interface ImportingRecording {
  id: number;
  profileId: number;
  displayName: string;
  startTime: number;
  durationMs: number;
  /** JSON of MediaInfo. */
  media: string;
}

/** Reserves the recording (status `importing`, no bytes yet); call in the transaction that opens its journal row. */
export function insertImportingRecording(sqlite: Database.Database, r: ImportingRecording): void {
  stmt(
    sqlite,
    `INSERT INTO recordings (id, profile_id, display_name, search_key, start_time, duration_ms, status, media, size_bytes)
     VALUES (?, ?, ?, ?, ?, ?, 'importing', ?, 0)`,
  ).run(r.id, r.profileId, r.displayName, searchKeyOf(r.displayName), r.startTime, r.durationMs, r.media);
}

/** The source is registered: the recording is `ready`. Without `at` its updated_at stays (the recovery's way). */
export function markImportReady(sqlite: Database.Database, id: number, sizeBytes: number, at?: number): void {
  if (at === undefined) stmt(sqlite, "UPDATE recordings SET status = 'ready', size_bytes = ? WHERE id = ?").run(sizeBytes, id);
  else stmt(sqlite, "UPDATE recordings SET status = 'ready', size_bytes = ?, updated_at = ? WHERE id = ?").run(sizeBytes, at, id);
}

/** An interrupted import whose copy was kept as it is: `failed`, with why and what to do. */
export function markImportFailed(sqlite: Database.Database, id: number, reason: string, sizeBytes: number, at: number): void {
  stmt(sqlite, "UPDATE recordings SET status = 'failed', status_reason = ?, size_bytes = ?, updated_at = ? WHERE id = ? AND status = 'importing'").run(reason, sizeBytes, at, id);
}

/** Drops a reservation; a recording that got past `importing` is never touched. */
export function dropImportingRecording(sqlite: Database.Database, id: number): void {
  stmt(sqlite, "DELETE FROM recordings WHERE id = ? AND status = 'importing'").run(id);
}

/** Whether a source or a deleted recording of this size is known (only then is hashing first worth it). */
export function sameSizeKnown(sqlite: Database.Database, size: number): boolean {
  return (
    stmt(sqlite, "SELECT 1 FROM files WHERE kind = 'source' AND size = ? LIMIT 1").get(size) !== undefined ||
    stmt(sqlite, 'SELECT 1 FROM tombstones WHERE size = ? LIMIT 1').get(size) !== undefined
  );
}

/** The profile's recording of a Zoom meeting (a Zoom folder's topic and start time); null when none. */
export function zoomMeetingRecording(sqlite: Database.Database, profileId: number, topic: string, startTime: number): number | null {
  const row = stmt(sqlite, 'SELECT id FROM recordings WHERE profile_id = ? AND start_time = ? AND display_name = ? LIMIT 1').get(profileId, startTime, topic) as { id: number } | undefined;
  return row ? row.id : null;
}

/** The recording that already has this content as its source; null when none does. */
export function recordingWithSource(sqlite: Database.Database, hash: string, size: number): number | null {
  // The hash is the selective term: `+` keeps SQLite from choosing the (kind, size) index instead,
  // which turns every check into a scan when many files share a size.
  const row = stmt(sqlite, "SELECT recording_id AS id FROM files WHERE hash = ? AND +kind = 'source' AND +size = ? LIMIT 1").get(hash, size) as { id: number } | undefined;
  return row ? row.id : null;
}

/** The latest deleted recording with this content; null when none. */
export function tombstoneOf(sqlite: Database.Database, hash: string, size: number): { deletedAt: number; displayName: string } | null {
  return (
    (stmt(sqlite, 'SELECT deleted_at AS deletedAt, display_name AS displayName FROM tombstones WHERE hash = ? AND +size = ? ORDER BY deleted_at DESC LIMIT 1').get(hash, size) as
      | { deletedAt: number; displayName: string }
      | undefined) ?? null
  );
}

/** The hash and size the catalog holds for the file at a library path; null when no row has it. */
export function fileFactsAt(sqlite: Database.Database, relPath: string): { hash: string; size: number } | null {
  return (stmt(sqlite, 'SELECT hash, size FROM files WHERE rel_path = ?').get(relPath) as { hash: string; size: number } | undefined) ?? null;
}

/** The file at a library path was replaced by its own copy: the scanner compares inode and mtime. */
export function restampFileAt(sqlite: Database.Database, relPath: string, inode: number, mtimeMs: number): void {
  stmt(sqlite, 'UPDATE files SET inode = ?, mtime_ms = ? WHERE rel_path = ?').run(inode, Math.round(mtimeMs), relPath);
}
