/**
 * The journal rows of imports (op 'import'): one per file in flight, written in the transaction
 * that reserves its recording, so a crash at any point leaves a row the recovery can act on.
 */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';

/** What an import's journal row holds: enough to finish or undo it after a crash. */
export interface ImportJournalPayload {
  recordingId: number;
  profileId: number;
  source: string;
  dest: string;
  move: boolean;
}

export interface ImportJournalRow {
  id: number;
  /** 'copying' until the commit; 'committed' while a --move still has its original to remove. */
  step: string;
  payload: ImportJournalPayload;
}

/** Opens the journal row of one file's import (step 'copying'); returns its id. */
export function openImportJournal(sqlite: Database.Database, payload: ImportJournalPayload): number {
  return Number(stmt(sqlite, "INSERT INTO journal (op, step, payload) VALUES ('import', 'copying', ?)").run(JSON.stringify(payload)).lastInsertRowid);
}

/** The import is committed but a --move still has its original to remove. */
export function markImportCommitted(sqlite: Database.Database, journalId: number, at: number): void {
  stmt(sqlite, "UPDATE journal SET step = 'committed', updated_at = ? WHERE id = ?").run(at, journalId);
}

export function closeImportJournal(sqlite: Database.Database, journalId: number): void {
  stmt(sqlite, 'DELETE FROM journal WHERE id = ?').run(journalId);
}

export function listImportJournal(sqlite: Database.Database): ImportJournalRow[] {
  const rows = stmt(sqlite, "SELECT id, step, payload FROM journal WHERE op = 'import'").all() as { id: number; step: string; payload: string }[];
  return rows.map((r) => ({ id: r.id, step: r.step, payload: JSON.parse(r.payload) as ImportJournalPayload }));
}

/**
 * A recording a migration run reserved (status `importing`, reason "migrating (run …)", and a run
 * that is not over): the run's own journal resumes or undoes it.
 */
const MIGRATION_OWNED = `r.status_reason LIKE 'migrating (run %' OR r.legacy_id IS NOT NULL`;

/**
 * Import reservations whose journal row could not be written (a full disk): `importing`, no file,
 * no journal row, and not a migration's.
 */
export function strayImportReservations(sqlite: Database.Database): { id: number; profileId: number }[] {
  return stmt(
    sqlite,
    `SELECT id, profile_id AS profileId FROM recordings r
      WHERE status = 'importing' AND NOT EXISTS (SELECT 1 FROM files f WHERE f.recording_id = r.id)
        AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.op = 'import' AND json_extract(j.payload, '$.recordingId') = r.id)
        AND NOT (${MIGRATION_OWNED})`,
  ).all() as { id: number; profileId: number }[];
}
