/**
 * The quarantine journal (op 'quarantine'): one row per file being moved into trash/, written
 * before the move and removed in the transaction that registers the moved file, so a kill between
 * the two leaves a row the recovery finishes instead of an unregistered file in trash/.
 */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';

export interface QuarantinePayload {
  /** Where the file was, relative to the library root (users/…). */
  from: string;
  /** Where it goes (trash/<day>/users/…). */
  to: string;
  hash: string;
  size: number;
  profileId: number;
  /** Why it is moved, for the audit line. */
  reason: string;
}

export interface QuarantineEntry {
  id: number;
  payload: QuarantinePayload;
}

/** Returns the journal row's id. */
export function openQuarantine(sqlite: Database.Database, payload: QuarantinePayload): number {
  return Number(stmt(sqlite, "INSERT INTO journal (op, step, payload) VALUES ('quarantine', 'moving', ?)").run(JSON.stringify(payload)).lastInsertRowid);
}

export function listQuarantines(sqlite: Database.Database): QuarantineEntry[] {
  const rows = stmt(sqlite, "SELECT id, payload FROM journal WHERE op = 'quarantine'").all() as { id: number; payload: string }[];
  return rows.map((r) => ({ id: r.id, payload: JSON.parse(r.payload) as QuarantinePayload }));
}

export function closeQuarantine(sqlite: Database.Database, journalId: number): void {
  stmt(sqlite, 'DELETE FROM journal WHERE id = ?').run(journalId);
}
