/**
 * The migration as the CLI, the IPC handlers and the tests drive it: plan (scan + data.db + rules),
 * apply (start or resume a run, then verify), undo, and the list of runs.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { JobProgress } from '../../../src-shared/jobs';
import type { Library } from '../library/library';
import { hashFile } from '../storage/hash';
import { executeRun, type RunOptions, startRun } from './apply';
import { readLegacyDb } from './legacy-db';
import { buildPlan, type MigrationPlan, needsScanHash, newRunId } from './plan';
import { type ApplyReport, findRuns, getRun, savePlannedRun, setRunState } from './runs';
import { scanLegacy } from './scan';

export interface PlanOptions {
  signal?: AbortSignal;
  onProgress?: (p: Partial<JobProgress>) => void;
  runId?: string;
}

export class MigrateError extends Error {
  override name = 'MigrateError';
}

async function sharedThumbnailHashes(lib: Library): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const dir = lib.paths.abs(lib.paths.sharedThumbnails());
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const n of names.sort()) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}\.png$/.test(n)) continue;
    const h = await hashFile(path.join(dir, n));
    if (!out.has(h.hash)) out.set(h.hash, `${lib.paths.sharedThumbnails()}/${n}`);
  }
  return out;
}

export async function planMigration(lib: Library, mediaDir: string, opts: PlanOptions = {}): Promise<MigrationPlan> {
  const root = path.resolve(mediaDir);
  if (root === lib.root || root.startsWith(lib.root + path.sep) || lib.root.startsWith(root + path.sep)) {
    throw new MigrateError('The legacy folder and the library must not contain one another');
  }
  opts.onProgress?.({ current: 'scanning the legacy folder', done: 0, total: 0 });
  const scan = await scanLegacy(root, {
    signal: opts.signal,
    shouldHash: needsScanHash,
    onProgress: (p) => opts.onProgress?.({ ...p, current: p.current ? `hashing ${p.current}` : 'planning' }),
  });
  const hasDb = scan.files.some((f) => f.rel === 'data.db' && f.kind === 'file');
  const legacyDb = hasDb ? readLegacyDb(path.join(root, 'data.db')) : null;
  const maxRec = lib.sqlite.prepare('SELECT COALESCE(MAX(id), 0) AS m FROM recordings').get() as { m: number };
  // sqlite_sequence exists only when some table uses AUTOINCREMENT; recordings may, one day.
  const hasSeq = lib.sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").get() !== undefined;
  const seq = hasSeq ? (lib.sqlite.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'recordings'").get() as { seq: number } | undefined) : undefined;
  return buildPlan(scan, {
    runId: opts.runId ?? newRunId(),
    paths: lib.paths,
    existingProfiles: lib.sqlite.prepare('SELECT id, name FROM profiles ORDER BY id').all() as { id: number; name: string }[],
    nextRecordingId: Math.max(maxRec.m, seq?.seq ?? 0) + 1,
    sharedThumbnails: await sharedThumbnailHashes(lib),
    legacyDb,
  });
}

/** A dry run kept in migration_runs (state `planned`), so the wizard can apply it by id. */
export async function planAndStore(lib: Library, mediaDir: string, opts: PlanOptions = {}): Promise<MigrationPlan> {
  const plan = await planMigration(lib, mediaDir, opts);
  savePlannedRun(lib, plan);
  return plan;
}

function hasWork(plan: MigrationPlan): boolean {
  return plan.recordings.some((g) => g.files.some((f) => f.action !== 'leave'));
}

/**
 * Applies a migration of `mediaDir`: resumes its unfinished run if there is one, else plans afresh
 * and starts a run. With nothing left to move it changes nothing and reports the last run.
 */
export async function applyMigration(lib: Library, mediaDir: string, opts: RunOptions & { runId?: string } = {}): Promise<ApplyReport> {
  const root = path.resolve(mediaDir);
  const undoing = findRuns(lib, root, ['undoing'])[0];
  if (undoing) throw new MigrateError(`The undo of run ${undoing.id} was interrupted: finish it first (reclib migrate --undo ${undoing.id})`);
  const unfinished = findRuns(lib, root, ['applying', 'cancelled', 'failed'])[0];
  if (unfinished) return executeRun(lib, unfinished.plan, opts);
  const plan = await planMigration(lib, root, { ...opts, runId: opts.runId });
  if (!hasWork(plan)) {
    const last = findRuns(lib, root, ['applied'])[0];
    if (opts.runId) lib.sqlite.prepare("DELETE FROM migration_runs WHERE id = ? AND state = 'planned'").run(opts.runId);
    return { runId: last?.id ?? plan.runId, moved: 0, deduped: 0, leftovers: plan.leftovers.map((l) => ({ path: l.path, reason: l.reason })), unaccounted: [] };
  }
  startRun(lib, plan);
  lib.events.emit('library:changed', { reason: 'migration started' });
  try {
    return await executeRun(lib, plan, opts);
  } finally {
    lib.events.emit('library:changed', { reason: 'migrated' });
  }
}

/** Applies a run by id: a planned one is re-planned on a fresh scan (the tree may have changed), an unfinished one resumes. */
export async function applyRun(lib: Library, runId: string, opts: RunOptions = {}): Promise<ApplyReport> {
  const run = getRun(lib, runId);
  if (!run) throw new MigrateError(`There is no migration run ${runId}`);
  if (run.state === 'applied' && run.report) return run.report as ApplyReport;
  if (run.state === 'undone' || run.state === 'undoing') throw new MigrateError(`Run ${runId} was undone; plan the migration again`);
  if (run.state === 'planned') return applyMigration(lib, run.mediaDir, { ...opts, runId });
  try {
    return await executeRun(lib, run.plan, opts);
  } finally {
    lib.events.emit('library:changed', { reason: 'migrated' });
  }
}

export function markInterrupted(lib: Library, runId: string): void {
  const run = getRun(lib, runId);
  if (run?.state === 'applying') setRunState(lib, runId, 'cancelled');
}
