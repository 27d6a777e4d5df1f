/**
 * A migration run's journal: one row per planned file (op `migrate`), its step and what the run
 * learnt about it on the way (in the payload). It is the run's resume state and what its undo
 * follows, so it stays after the run is applied and goes only with the undo.
 */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';

/** What a journal row's payload holds: its place in the plan and what happened to the file. */
export interface MigrationJournalPayload {
  /** Index of the plan group, and of the file in it. */
  g: number;
  i: number;
  hash?: string;
  existed?: boolean;
  changedSize?: number;
  keptLegacy?: boolean;
  differs?: { size: number; gone?: boolean };
  gone?: boolean;
}

export interface MigrationJournalRow {
  id: number;
  step: string;
  payload: MigrationJournalPayload;
}

export function listMigrationJournal(sqlite: Database.Database, runId: string): MigrationJournalRow[] {
  const rows = stmt(sqlite, "SELECT id, step, payload FROM journal WHERE op = 'migrate' AND run_id = ?").all(runId) as { id: number; step: string; payload: string }[];
  return rows.map((r) => ({ id: r.id, step: r.step, payload: JSON.parse(r.payload) as MigrationJournalPayload }));
}

/** A planned file of a run that starts: step `planned`. */
export function addMigrationJournalRow(
  sqlite: Database.Database,
  runId: string,
  file: { g: number; i: number; from: string; to: string | null; action: string },
): void {
  stmt(sqlite, "INSERT INTO journal (op, run_id, state, step, payload) VALUES ('migrate', ?, 'pending', 'planned', ?)").run(
    runId,
    JSON.stringify({ g: file.g, i: file.i, from: file.from, to: file.to, action: file.action }),
  );
}

export function setJournalStep(sqlite: Database.Database, id: number, step: string, at: number): void {
  stmt(sqlite, 'UPDATE journal SET step = ?, updated_at = ? WHERE id = ?').run(step, at, id);
}

export function setJournalStepAndHash(sqlite: Database.Database, id: number, step: string, hash: string, at: number): void {
  stmt(sqlite, "UPDATE journal SET step = ?, payload = json_set(payload, '$.hash', ?), updated_at = ? WHERE id = ?").run(step, hash, at, id);
}

/** Step `moving`; `existed`: its destination was there before any move of this run (not ours to take back). */
export function markJournalMoving(sqlite: Database.Database, id: number, existed: boolean, at: number): void {
  if (existed) stmt(sqlite, "UPDATE journal SET step = 'moving', payload = json_set(payload, '$.existed', json('true')), updated_at = ? WHERE id = ?").run(at, id);
  else stmt(sqlite, "UPDATE journal SET step = 'moving', updated_at = ? WHERE id = ?").run(at, id);
}

/** Not moved: a different file already holds its destination, so the legacy file stays where it is. */
export function markJournalKeptLegacy(sqlite: Database.Database, id: number, at: number): void {
  stmt(sqlite, "UPDATE journal SET step = 'moved', payload = json_set(payload, '$.existed', json('true'), '$.keptLegacy', json('true')), updated_at = ? WHERE id = ?").run(at, id);
}

/** Moved, and changed by someone since: kept as it is now, with its hash and size now. */
export function markJournalMovedAsChanged(sqlite: Database.Database, id: number, hash: string, size: number, at: number): void {
  stmt(sqlite, "UPDATE journal SET step = 'moved', payload = json_set(payload, '$.hash', ?, '$.changedSize', ?), updated_at = ? WHERE id = ?").run(hash, size, at, id);
}

/** The hash and size a moved file has now (the step stays). */
export function setJournalChangedFacts(sqlite: Database.Database, id: number, hash: string, size: number, at: number): void {
  stmt(sqlite, "UPDATE journal SET payload = json_set(payload, '$.hash', ?, '$.changedSize', ?), updated_at = ? WHERE id = ?").run(hash, size, at, id);
}

/** In neither place (a person's doing): recorded so that the resume and its check go on. */
export function markJournalGone(sqlite: Database.Database, id: number, step: string, at: number): void {
  stmt(sqlite, "UPDATE journal SET step = ?, payload = json_set(payload, '$.gone', json('true')), updated_at = ? WHERE id = ?").run(step, at, id);
}

/** A duplicate that is one no longer: it stays in the legacy folder (`differs` says with which size). */
export function markJournalDuplicateKept(sqlite: Database.Database, id: number, differs: { size: number; gone?: boolean }, at: number): void {
  stmt(sqlite, "UPDATE journal SET step = 'moved', payload = json_set(payload, '$.keptLegacy', json('true'), '$.differs', json(?)), updated_at = ? WHERE id = ?").run(
    JSON.stringify(differs),
    at,
    id,
  );
}

/** Registered in the catalog: step `committed`, row done, with the hash it was registered with. */
export function markJournalCommitted(sqlite: Database.Database, id: number, hash: string | null, at: number): void {
  stmt(sqlite, "UPDATE journal SET step = 'committed', state = 'done', payload = json_set(payload, '$.hash', ?), updated_at = ? WHERE id = ?").run(hash, at, id);
}

/** An undone run's journal: nothing is left to resume or undo. */
export function deleteMigrationJournal(sqlite: Database.Database, runId: string): void {
  stmt(sqlite, "DELETE FROM journal WHERE op = 'migrate' AND run_id = ?").run(runId);
}

/**
 * The library paths a run that is neither applied nor undone has touched (moved a file to, or kept a
 * duplicate at): until the run is resumed or undone those files are its own, not orphans.
 */
export function unfinishedMigrationPaths(sqlite: Database.Database): Set<string> {
  const rows = stmt(
    sqlite,
    `SELECT json_extract(j.payload, '$.to') AS p FROM journal j JOIN migration_runs r ON r.id = j.run_id
     WHERE j.op = 'migrate' AND j.step != 'planned' AND r.state NOT IN ('applied', 'undone') AND json_extract(j.payload, '$.to') IS NOT NULL`,
  ).all() as { p: string }[];
  return new Set(rows.map((r) => r.p));
}
