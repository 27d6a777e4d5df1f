/** What starting a job asks of a recording: is it there, what is it called, what state is it in. */
import type Database from 'better-sqlite3';
import type { RecordingStatus } from '@shared/domain';
import { stmt } from '../../statements';

/** Recordings imported and never processed (status ready), oldest first. */
export function readyRecordingIds(sqlite: Database.Database): number[] {
  return (stmt(sqlite, "SELECT id FROM recordings WHERE status = 'ready' ORDER BY id").all() as { id: number }[]).map((r) => r.id);
}

/** The recording's name and status; null when there is no such recording. */
export function recordingNameAndStatus(sqlite: Database.Database, id: number): { name: string; status: RecordingStatus } | null {
  const row = stmt(sqlite, 'SELECT display_name AS name, status FROM recordings WHERE id = ?').get(id) as { name: string; status: RecordingStatus } | undefined;
  return row ?? null;
}
