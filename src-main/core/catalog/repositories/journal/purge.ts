/**
 * The purge journal: one row per purge under way, written with the tombstone before the first file
 * goes and removed with the recording row, so a purge killed at any point is finished by recovery.
 */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';

export interface PurgePayload {
  recordingId: number;
  reason: string;
}

export interface PurgeEntry {
  id: number;
  payload: PurgePayload;
}

export function listPurges(sqlite: Database.Database): PurgeEntry[] {
  return (stmt(sqlite, "SELECT id, payload FROM journal WHERE op = 'purge'").all() as { id: number; payload: string }[]).map((r) => ({
    id: r.id,
    payload: JSON.parse(r.payload) as PurgePayload,
  }));
}

/** Returns the journal row's id. */
export function addPurge(sqlite: Database.Database, payload: PurgePayload): number {
  return Number(stmt(sqlite, "INSERT INTO journal (op, step, payload) VALUES ('purge', 'removing', ?)").run(JSON.stringify(payload)).lastInsertRowid);
}

export function removePurge(sqlite: Database.Database, journalId: number): void {
  stmt(sqlite, 'DELETE FROM journal WHERE id = ?').run(journalId);
}
