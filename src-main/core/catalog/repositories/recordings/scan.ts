/**
 * The recording states the integrity scanner and cleanup read and write: who owns a recording
 * folder, and `missing` (set when a file is gone, undone when all are back). Missing only ever
 * marks: the row, its name and history stay.
 */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';
export { recordingStatus } from './detail';

export interface RecordingOwner {
  profileId: number;
  status: string;
}

export function recordingOwner(sqlite: Database.Database, recordingId: number): RecordingOwner | null {
  const row = stmt(sqlite, 'SELECT profile_id AS profileId, status FROM recordings WHERE id = ?').get(recordingId) as RecordingOwner | undefined;
  return row ?? null;
}

/** Whether the recording exists and belongs to the profile. */
export function recordingExistsIn(sqlite: Database.Database, recordingId: number, profileId: number): boolean {
  return stmt(sqlite, 'SELECT 1 FROM recordings WHERE id = ? AND profile_id = ?').get(recordingId, profileId) !== undefined;
}

/** A source file's bytes changed on disk: the recording's size follows. */
export function setRecordingSize(sqlite: Database.Database, recordingId: number, sizeBytes: number): void {
  stmt(sqlite, 'UPDATE recordings SET size_bytes = ? WHERE id = ?').run(sizeBytes, recordingId);
}

/**
 * Marks a recording `missing`, keeping the status it had so healing can give it back (a second
 * mark keeps the first one's). A recording being trashed, imported or processed is left alone: its
 * files are replaced by its own job, which owns them meanwhile. Returns 1 when marked, else 0.
 */
export function markRecordingMissing(sqlite: Database.Database, recordingId: number, reason: string, now: number): number {
  return stmt(
    sqlite,
    `UPDATE recordings SET previous_status = CASE WHEN status = 'missing' THEN previous_status ELSE status END,
            status = 'missing', status_reason = ?, updated_at = ?
      WHERE id = ? AND status NOT IN ('trashed', 'importing', 'processing')`,
  ).run(reason, now, recordingId).changes;
}

export function listMissingRecordingIds(sqlite: Database.Database): number[] {
  return (stmt(sqlite, "SELECT id FROM recordings WHERE status = 'missing'").all() as { id: number }[]).map((r) => r.id);
}

/** A missing recording whose files are all back gets its previous status again. Returns 1 when healed, else 0. */
export function healRecording(sqlite: Database.Database, recordingId: number, now: number): number {
  return stmt(
    sqlite,
    "UPDATE recordings SET status = COALESCE(previous_status, 'ready'), previous_status = NULL, status_reason = NULL, updated_at = ? WHERE id = ? AND status = 'missing'",
  ).run(now, recordingId).changes;
}
