/**
 * The recording rows of a migration: reserved (`importing`) when a run starts, given their final
 * status when their files are committed, removed by an undo; and the durations a migration fills
 * in afterwards (moving never reads the media).
 */
import type Database from 'better-sqlite3';
import type { MediaInfo } from '@shared/domain';
import { stmt } from '../../statements';
export { recordingExists } from './detail';

export interface ReservedRecording {
  id: number;
  profileId: number;
  displayName: string;
  searchKey: string;
  startTime: number;
  legacyId: number | null;
  statusReason: string;
}

/** A recording row the run fills in later: status `importing`, no size yet. */
export function reserveRecording(sqlite: Database.Database, r: ReservedRecording): void {
  stmt(
    sqlite,
    `INSERT INTO recordings (id, profile_id, display_name, search_key, start_time, status, legacy_id, size_bytes, status_reason)
       VALUES (?, ?, ?, ?, ?, 'importing', ?, 0, ?)`,
  ).run(r.id, r.profileId, r.displayName, r.searchKey, r.startTime, r.legacyId, r.statusReason);
}

/** A recording whose files are committed: its final status and size. */
export function setRecordingCommitted(sqlite: Database.Database, id: number, status: string, sizeBytes: number, at: number): void {
  stmt(sqlite, 'UPDATE recordings SET status = ?, status_reason = NULL, size_bytes = ?, updated_at = ? WHERE id = ?').run(status, sizeBytes, at, id);
}

/** A committed recording without its source: `missing`, keeping the status it returns to. */
export function setRecordingMissing(sqlite: Database.Database, id: number, previousStatus: string, reason: string, sizeBytes: number, at: number): void {
  stmt(sqlite, "UPDATE recordings SET status = 'missing', previous_status = ?, status_reason = ?, size_bytes = ?, updated_at = ? WHERE id = ?").run(
    previousStatus,
    reason,
    sizeBytes,
    at,
    id,
  );
}

export function deleteRecordingRow(sqlite: Database.Database, id: number): void {
  stmt(sqlite, 'DELETE FROM recordings WHERE id = ?').run(id);
}

export interface RecordingMainFile {
  id: number;
  /** Its video, else its source, else its audio; null when it has none of them. */
  relPath: string | null;
}

/** Recordings without a duration that can be read (not in transit, trashed, missing or offline), with their main media file. */
export function listRecordingsWithoutDuration(sqlite: Database.Database): RecordingMainFile[] {
  return stmt(
    sqlite,
    `SELECT r.id, (SELECT f.rel_path FROM files f WHERE f.recording_id = r.id AND f.kind IN ('video', 'source', 'audio')
                      ORDER BY CASE f.kind WHEN 'video' THEN 0 WHEN 'source' THEN 1 ELSE 2 END LIMIT 1) AS relPath
         FROM recordings r WHERE r.duration_ms = 0 AND r.status NOT IN ('importing', 'trashed', 'missing', 'offline')`,
  ).all() as RecordingMainFile[];
}

/** The duration and stream facts ffprobe read; a duration set meanwhile is not replaced. */
export function setProbedMedia(sqlite: Database.Database, id: number, media: MediaInfo, at: number): void {
  stmt(sqlite, 'UPDATE recordings SET duration_ms = ?, media = ?, updated_at = ? WHERE id = ? AND duration_ms = 0').run(
    Math.round(media.durationSec * 1000),
    JSON.stringify(media),
    at,
    id,
  );
}
