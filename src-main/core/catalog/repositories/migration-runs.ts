/** The migration_runs table: one row per run with its fixed plan, its state and its report. */
import type { Library } from '../library';
import type { MigrationPlan } from '../../migrate/plan';

export type RunState = 'planned' | 'applying' | 'cancelled' | 'failed' | 'applied' | 'undoing' | 'undone';

export interface ApplyReport {
  runId: string;
  moved: number;
  deduped: number;
  leftovers: { path: string; reason: string }[];
  unaccounted: { path: string; reason: string }[];
}

export interface UndoReport {
  runId: string;
  restored: number;
  unaccounted: { path: string; reason: string }[];
}

export interface RunRow {
  id: string;
  mediaDir: string;
  state: RunState;
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
    state: r.state as RunState,
    plan: JSON.parse(r.plan) as MigrationPlan,
    report: r.report ? (JSON.parse(r.report) as ApplyReport | UndoReport) : null,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

export function getRun(lib: Library, id: string): RunRow | null {
  const r = lib.sqlite.prepare(`${SELECT} WHERE id = ?`).get(id) as Raw | undefined;
  return r ? toRow(r) : null;
}

export function findRuns(lib: Library, mediaDir: string | null, states: RunState[]): RunRow[] {
  const rows = lib.sqlite.prepare(`${SELECT} ORDER BY started_at DESC, id DESC`).all() as Raw[];
  return rows.filter((r) => (mediaDir === null || r.mediaDir === mediaDir) && states.includes(r.state as RunState)).map(toRow);
}

export interface RunSummary {
  id: string;
  mediaDir: string;
  state: RunState;
  startedAt: string;
  finishedAt: string | null;
  totals: MigrationPlan['totals'];
  report: ApplyReport | UndoReport | null;
}

export function listRuns(lib: Library, limit = 50): RunSummary[] {
  const rows = lib.sqlite.prepare(`${SELECT} ORDER BY started_at DESC, id DESC LIMIT ?`).all(limit) as Raw[];
  return rows.map((r) => {
    const plan = JSON.parse(r.plan) as MigrationPlan;
    return {
      id: r.id,
      mediaDir: r.mediaDir,
      state: r.state as RunState,
      startedAt: new Date(r.startedAt).toISOString(),
      finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
      totals: plan.totals,
      report: r.report ? (JSON.parse(r.report) as ApplyReport | UndoReport) : null,
    };
  });
}

export function setRunState(lib: Library, id: string, state: RunState, report?: ApplyReport | UndoReport): void {
  const finished = ['applied', 'failed', 'cancelled', 'undone'].includes(state) ? Date.now() : null;
  if (report) lib.sqlite.prepare('UPDATE migration_runs SET state = ?, report = ?, finished_at = ? WHERE id = ?').run(state, JSON.stringify(report), finished, id);
  else lib.sqlite.prepare('UPDATE migration_runs SET state = ?, finished_at = ? WHERE id = ?').run(state, finished, id);
}

export function savePlannedRun(lib: Library, plan: MigrationPlan): void {
  lib.sqlite
    .prepare("INSERT INTO migration_runs (id, media_dir, state, plan) VALUES (?, ?, 'planned', ?) ON CONFLICT (id) DO UPDATE SET plan = excluded.plan")
    .run(plan.runId, plan.mediaDir, JSON.stringify(plan));
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
