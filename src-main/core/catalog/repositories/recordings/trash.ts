/**
 * The recording rows of the deletion lifecycle (trash, restore, purge, forget) and the tombstone a
 * purge leaves. Every function runs inside the caller's transaction when there is one.
 */
import type Database from 'better-sqlite3';
import type { RecordingStatus } from '@shared/domain';
import { stmt } from '../../statements';
export { recordingExists } from './detail';
export { recordingStatus } from './detail';

/** A profile's own trash retention in days; null when it follows the library setting (or there is no such profile). */
export function profileRetentionDays(sqlite: Database.Database, profileId: number): number | null {
  const row = stmt(sqlite, 'SELECT retention_days AS d FROM profiles WHERE id = ?').get(profileId) as { d: number | null } | undefined;
  return row?.d ?? null;
}

/** Into the trash; the status it had is kept so a restore puts it back. */
export function markTrashed(sqlite: Database.Database, id: number, at: number): void {
  stmt(sqlite, "UPDATE recordings SET previous_status = status, status = 'trashed', trashed_at = ?, updated_at = ? WHERE id = ?").run(at, at, id);
}

/** Out of the trash, back to the status it had (ready when that was not kept). */
export function markRestored(sqlite: Database.Database, id: number, at: number): void {
  stmt(
    sqlite,
    "UPDATE recordings SET status = COALESCE(previous_status, 'ready'), previous_status = NULL, trashed_at = NULL, updated_at = ? WHERE id = ?",
  ).run(at, id);
}

/** The bytes of a recording's registered files. */
export function recordingBytes(sqlite: Database.Database, id: number): number {
  return (stmt(sqlite, 'SELECT COALESCE(SUM(size), 0) AS b FROM files WHERE recording_id = ?').get(id) as { b: number }).b;
}

export interface TrashedRecording {
  id: number;
  displayName: string;
  profileId: number;
  /** ms; null for rows trashed before the time was kept. */
  trashedAt: number | null;
  bytes: number;
}

/** The trash as people see it: most recently trashed first. */
export function listTrashed(sqlite: Database.Database): TrashedRecording[] {
  return stmt(
    sqlite,
    `SELECT r.id, r.display_name AS displayName, r.trashed_at AS trashedAt, r.profile_id AS profileId,
            (SELECT COALESCE(SUM(size), 0) FROM files f WHERE f.recording_id = r.id) AS bytes
       FROM recordings r WHERE r.status = 'trashed' ORDER BY r.trashed_at DESC, r.id DESC`,
  ).all() as TrashedRecording[];
}

export interface TrashedRecordingFiles {
  id: number;
  profileId: number;
  trashedAt: number | null;
  bytes: number;
  files: number;
}

/** Every trashed recording with the size and count of its files (for the retention check). */
export function listTrashedWithFiles(sqlite: Database.Database): TrashedRecordingFiles[] {
  return stmt(
    sqlite,
    `SELECT r.id, r.profile_id AS profileId, r.trashed_at AS trashedAt,
            (SELECT COALESCE(SUM(size), 0) FROM files f WHERE f.recording_id = r.id) AS bytes,
            (SELECT COUNT(*) FROM files f WHERE f.recording_id = r.id) AS files
       FROM recordings r WHERE r.status = 'trashed'`,
  ).all() as TrashedRecordingFiles[];
}

export interface RemovalFacts {
  status: RecordingStatus;
  displayName: string;
  profileId: number;
}

/** What a purge or a forget needs to know of a recording before it goes. */
export function removalFacts(sqlite: Database.Database, id: number): RemovalFacts | undefined {
  return stmt(sqlite, 'SELECT status, display_name AS displayName, profile_id AS profileId FROM recordings WHERE id = ?').get(id) as
    | RemovalFacts
    | undefined;
}

export function recordingProfileId(sqlite: Database.Database, id: number): number | undefined {
  const row = stmt(sqlite, 'SELECT profile_id AS profileId FROM recordings WHERE id = ?').get(id) as { profileId: number } | undefined;
  return row?.profileId;
}

export interface RecordingFileRef {
  id: number;
  relPath: string;
  size: number;
  profileId: number;
}

/** A recording's registered files, in the order they were added. */
export function recordingFiles(sqlite: Database.Database, id: number): RecordingFileRef[] {
  return stmt(sqlite, 'SELECT id, rel_path AS relPath, size, profile_id AS profileId FROM files WHERE recording_id = ? ORDER BY id').all(id) as RecordingFileRef[];
}

/** The fingerprint of a recording's (first) source file: what its tombstone keeps. */
export function sourceFingerprint(sqlite: Database.Database, id: number): { hash: string; size: number } | undefined {
  return stmt(sqlite, "SELECT hash, size FROM files WHERE recording_id = ? AND kind = 'source' ORDER BY id LIMIT 1").get(id) as
    | { hash: string; size: number }
    | undefined;
}

export interface NewTombstone {
  profileId: number;
  recordingId: number;
  displayName: string;
  size: number;
  hash: string;
  deletedAt: number;
}

/** Remembers purged content so the same bytes are not imported again by accident. */
export function addTombstone(sqlite: Database.Database, t: NewTombstone): void {
  stmt(sqlite, 'INSERT INTO tombstones (profile_id, recording_id, display_name, size, hash, deleted_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    t.profileId,
    t.recordingId,
    t.displayName,
    t.size,
    t.hash,
    t.deletedAt,
  );
}

/** The recording row itself (its files' rows must be gone first; its id stays retired, migration 0003). */
export function deleteRecordingRow(sqlite: Database.Database, id: number): void {
  stmt(sqlite, 'DELETE FROM recordings WHERE id = ?').run(id);
}
