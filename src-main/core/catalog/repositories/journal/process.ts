/**
 * The journal rows (op 'process') of jobs that put outputs into the library (processing,
 * transcription, attaching a transcript): written before anything moves, updated as the commit
 * moves files, marked committed in the commit transaction, deleted once temp is gone. See
 * core/outputs/commit.ts for the protocol.
 */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';
import type { RelPath } from '../../../storage/paths';

export interface ProcessJournal {
  recordingId: number;
  profileId: number;
  jobId: number;
  prevStatus: string;
  prevReason: string | null;
  tempDir: RelPath;
  /**
   * Filled when the commit starts moving files. wasGone: the path was registered but its file
   * already gone when the commit began. size and hash: the bytes moved in, so an undo removes
   * nothing else found at that path.
   */
  moves?: { destRel: string; isNew: boolean; wasGone?: boolean; size?: number; hash?: string }[];
  backups?: { destRel: string; backupRel: string }[];
}

export interface ProcessJournalRow {
  id: number;
  /** 'running', 'moving' or 'committed'. */
  step: string;
  payload: ProcessJournal;
}

/** A new journal row at step 'running'; returns its id. */
export function insertProcessJournal(sqlite: Database.Database, payload: ProcessJournal): number {
  return Number(stmt(sqlite, "INSERT INTO journal (op, step, payload) VALUES ('process', 'running', ?)").run(JSON.stringify(payload)).lastInsertRowid);
}

export function updateProcessJournal(sqlite: Database.Database, id: number, step: string, payload: ProcessJournal, at: number): void {
  stmt(sqlite, 'UPDATE journal SET step = ?, payload = ?, updated_at = ? WHERE id = ?').run(step, JSON.stringify(payload), at, id);
}

/** The commit point's own mark: run inside the transaction that registers the outputs. */
export function markProcessJournalCommitted(sqlite: Database.Database, id: number, at: number): void {
  stmt(sqlite, "UPDATE journal SET step = 'committed', updated_at = ? WHERE id = ?").run(at, id);
}

export function getProcessJournal(sqlite: Database.Database, id: number): ProcessJournalRow | null {
  const row = stmt(sqlite, 'SELECT step, payload FROM journal WHERE id = ?').get(id) as { step: string; payload: string } | undefined;
  return row ? { id, step: row.step, payload: JSON.parse(row.payload) as ProcessJournal } : null;
}

export function deleteProcessJournal(sqlite: Database.Database, id: number): void {
  stmt(sqlite, 'DELETE FROM journal WHERE id = ?').run(id);
}

/** Every process journal row left (by a crash, or by a job still running). */
export function listProcessJournals(sqlite: Database.Database): ProcessJournalRow[] {
  const rows = stmt(sqlite, "SELECT id, step, payload FROM journal WHERE op = 'process'").all() as { id: number; step: string; payload: string }[];
  return rows.map((r) => ({ id: r.id, step: r.step, payload: JSON.parse(r.payload) as ProcessJournal }));
}
