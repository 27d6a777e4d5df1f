import type Database from 'better-sqlite3';
import { stmt } from '../../statements';

/**
 * The id the next recording gets: above every recording there is and every one there was (a
 * forgotten, purged or rolled-back recording's id stays retired, see migration 0003), so a folder,
 * an audit entry or a tombstone never comes to mean another recording. Call inside the
 * transaction that inserts the row.
 */
export function nextRecordingId(sqlite: Database.Database): number {
  const row = stmt(
    sqlite,
    `SELECT MAX(COALESCE((SELECT MAX(id) FROM recordings), 0),
                COALESCE((SELECT highest FROM retired_ids WHERE name = 'recordings'), 0)) + 1 AS next`,
  ).get() as { next: number };
  return row.next;
}
