/**
 * The recording row as jobs that make outputs see it (processing, transcription, attaching a
 * transcript): what they start from, the `processing` status they hold it in, and the state
 * their commit sets.
 */
import type Database from 'better-sqlite3';
import type { RecordingStatus } from '@shared/domain';
import { stmt } from '../../statements';
export { recordingStatus } from './detail';

export interface ProcessingRecording {
  id: number;
  profileId: number;
  status: string;
  statusReason: string | null;
  durationMs: number;
  /** The kept range on the source's timeline, once processing cut one. */
  keptStartMs: number | null;
  keptEndMs: number | null;
}

export function processingRecording(sqlite: Database.Database, recordingId: number): ProcessingRecording | null {
  return (
    (stmt(
      sqlite,
      `SELECT id, profile_id AS profileId, status, status_reason AS statusReason, duration_ms AS durationMs,
              kept_start_ms AS keptStartMs, kept_end_ms AS keptEndMs FROM recordings WHERE id = ?`,
    ).get(recordingId) as ProcessingRecording | undefined) ?? null
  );
}

/** The recording is the job's while it is `processing` (trash refuses it). */
export function markProcessing(sqlite: Database.Database, recordingId: number, at: number): void {
  stmt(sqlite, "UPDATE recordings SET status = 'processing', status_reason = NULL, updated_at = ? WHERE id = ?").run(at, recordingId);
}

export interface ProcessedState {
  status: RecordingStatus;
  statusReason: string | null;
  keptStartMs: number | null;
  keptEndMs: number | null;
  sizeBytes: number;
}

/** The state a job's commit sets, in its commit transaction. */
export function setProcessedState(sqlite: Database.Database, recordingId: number, s: ProcessedState, at: number): void {
  stmt(sqlite, 'UPDATE recordings SET status = ?, status_reason = ?, kept_start_ms = ?, kept_end_ms = ?, size_bytes = ?, updated_at = ? WHERE id = ?')
    .run(s.status, s.statusReason, s.keptStartMs, s.keptEndMs, s.sizeBytes, at, recordingId);
}

/** Gives back the status a job took (only while the job still holds it: `processing`). */
export function releaseProcessing(sqlite: Database.Database, recordingId: number, status: string, statusReason: string | null, at: number): void {
  stmt(sqlite, "UPDATE recordings SET status = ?, status_reason = ?, updated_at = ? WHERE id = ? AND status = 'processing'").run(status, statusReason, at, recordingId);
}
