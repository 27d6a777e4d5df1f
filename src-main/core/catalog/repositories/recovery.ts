/** The catalog side of the one recovery (core/services/recovery.ts): what a killed process leaves in the tables. */
import type Database from 'better-sqlite3';
import { stmt } from '../statements';

/** Whether a kill left anything behind (a few indexed lookups: cheap enough for every open). */
export function anyUnfinishedWork(sqlite: Database.Database): boolean {
  const q = (sql: string) => stmt(sqlite, sql).get() !== undefined;
  return (
    q("SELECT 1 FROM journal WHERE op IN ('import', 'process', 'purge', 'quarantine') LIMIT 1") ||
    q("SELECT 1 FROM recordings WHERE status IN ('importing', 'processing') LIMIT 1") ||
    q("SELECT 1 FROM migration_runs WHERE state = 'applying' LIMIT 1") ||
    q("SELECT 1 FROM jobs WHERE state IN ('running', 'queued') LIMIT 1")
  );
}

/** Migration runs left `applying` become cancelled (interrupted, resumable); returns how many. */
export function cancelApplyingMigrationRuns(sqlite: Database.Database): number {
  return stmt(sqlite, "UPDATE migration_runs SET state = 'cancelled' WHERE state = 'applying'").run().changes;
}

/** Jobs left running or queued become interrupted with `error`; returns how many. */
export function interruptLiveJobs(sqlite: Database.Database, error: string, at: number): number {
  return stmt(sqlite, "UPDATE jobs SET state = 'interrupted', error = ?, finished_at = ? WHERE state IN ('running', 'queued')").run(error, at).changes;
}
