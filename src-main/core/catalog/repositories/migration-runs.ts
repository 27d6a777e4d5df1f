/** The migration_runs table: one row per run with its fixed plan, its state and its report. */
import type Database from 'better-sqlite3';
import type { ApplyReport, MigrationPlan, MigrationRunInfo, MigrationRunState, UndoReport } from '@shared/migrate-plan';
import type { Library } from '../library';
import { stmt } from '../statements';

export interface RunRow {
  id: string;
  mediaDir: string;
  state: MigrationRunState;
  plan: MigrationPlan;
  report: ApplyReport | UndoReport | null;
  startedAt: number;
  finishedAt: number | null;
}

interface Raw {
  id: string;
  mediaDir: string;
  state: string;
  plan: string;
  report: string | null;
  startedAt: number;
  finishedAt: number | null;
}

const SELECT = 'SELECT id, media_dir AS mediaDir, state, plan, report, started_at AS startedAt, finished_at AS finishedAt FROM migration_runs';

function toRow(r: Raw): RunRow {
  return {
    id: r.id,
    mediaDir: r.mediaDir,
    state: r.state as MigrationRunState,
    plan: JSON.parse(r.plan) as MigrationPlan,
    report: r.report ? (JSON.parse(r.report) as ApplyReport | UndoReport) : null,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

export function getRun(lib: Library, id: string): RunRow | null {
  const r = stmt(lib.sqlite, `${SELECT} WHERE id = ?`).get(id) as Raw | undefined;
  return r ? toRow(r) : null;
}

export function findRuns(lib: Library, mediaDir: string | null, states: MigrationRunState[]): RunRow[] {
  const rows = stmt(lib.sqlite, `${SELECT} ORDER BY started_at DESC, id DESC`).all() as Raw[];
  return rows.filter((r) => (mediaDir === null || r.mediaDir === mediaDir) && states.includes(r.state as MigrationRunState)).map(toRow);
}

/** A run as the lists show it (dates as ISO strings, only its plan's totals). */
export function runInfo(r: RunRow): MigrationRunInfo {
  return {
    id: r.id,
    mediaDir: r.mediaDir,
    state: r.state,
    startedAt: new Date(r.startedAt).toISOString(),
    finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
    totals: r.plan.totals,
    report: r.report,
  };
}

export function listRuns(lib: Library, limit = 50): MigrationRunInfo[] {
  const rows = stmt(lib.sqlite, `${SELECT} ORDER BY started_at DESC, id DESC LIMIT ?`).all(limit) as Raw[];
  return rows.map((r) => runInfo(toRow(r)));
}

export function setRunState(lib: Library, id: string, state: MigrationRunState, report?: ApplyReport | UndoReport): void {
  const finished = ['applied', 'failed', 'cancelled', 'undone'].includes(state) ? Date.now() : null;
  if (report) stmt(lib.sqlite, 'UPDATE migration_runs SET state = ?, report = ?, finished_at = ? WHERE id = ?').run(state, JSON.stringify(report), finished, id);
  else stmt(lib.sqlite, 'UPDATE migration_runs SET state = ?, finished_at = ? WHERE id = ?').run(state, finished, id);
}

export function savePlannedRun(lib: Library, plan: MigrationPlan): void {
  stmt(lib.sqlite, "INSERT INTO migration_runs (id, media_dir, state, plan) VALUES (?, ?, 'planned', ?) ON CONFLICT (id) DO UPDATE SET plan = excluded.plan").run(
    plan.runId,
    plan.mediaDir,
    JSON.stringify(plan),
  );
}

/** The run row of a run that starts (or starts again): `applying`, with the plan it follows. */
export function markRunApplying(sqlite: Database.Database, plan: MigrationPlan): void {
  stmt(
    sqlite,
    `INSERT INTO migration_runs (id, media_dir, state, plan) VALUES (?, ?, 'applying', ?)
       ON CONFLICT (id) DO UPDATE SET state = 'applying', plan = excluded.plan, started_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)`,
  ).run(plan.runId, plan.mediaDir, JSON.stringify(plan));
}

/** Forgets a dry run that was never started (a run in any other state stays). */
export function deletePlannedRun(lib: Library, id: string): void {
  stmt(lib.sqlite, "DELETE FROM migration_runs WHERE id = ? AND state = 'planned'").run(id);
}

/** Runs being applied or undone in this process: one operation per run at a time. */
const active = new Set<string>();

export async function exclusive<T>(runId: string, fn: () => Promise<T>): Promise<T> {
  if (active.has(runId)) throw new Error(`Migration run ${runId} is already being applied or undone`);
  active.add(runId);
  try {
    return await fn();
  } finally {
    active.delete(runId);
  }
}
