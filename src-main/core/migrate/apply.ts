/**
 * Applies a plan through the journal. When the run starts (start.ts), one transaction stores the
 * plan, creates the profiles, reserves every recording row (status `importing`) and writes one
 * journal row per file. Then, per recording: each file's step is recorded before and after its
 * durable move (move.ts), duplicates are removed only after their kept copy is re-hashed
 * (dedupe.ts), and one transaction registers the files, the usage and the final status
 * (commit.ts). A process killed anywhere resumes from the journal; every step is convergent.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ApplyReport, MigrationPlan, PlanFile } from '@shared/migrate-plan';
import { CancelledError } from '../jobs/queue';
import type { Library } from '../catalog/library';
import { exclusive, setRunState } from '../catalog/repositories/migration-runs';
import { FileOpError, fsyncDirs } from '../storage/fsops';
import { commitPlan, planApply } from '../templates/apply';
import { commitGroup } from './commit';
import { dedupeOne } from './dedupe';
import { type ApplyCtx, fileKey, type JournalEntry, loadJournal, type RunOptions } from './journal';
import { markMoving, moveBatch } from './move';
import { verifyRun } from './verify';

export type { RunOptions };
export { startRun } from './start';

/** Recordings handled together: their renames share one round of folder fsyncs. */
const BATCH = 32;

/** Runs (or resumes) a started run to the end, then verifies it. */
export function executeRun(lib: Library, plan: MigrationPlan, opts: RunOptions = {}): Promise<ApplyReport> {
  return exclusive(plan.runId, () => execute(lib, plan, opts));
}

function newCtx(lib: Library, plan: MigrationPlan, opts: RunOptions): ApplyCtx {
  const journal = loadJournal(lib, plan.runId);
  const all = plan.recordings.flatMap((g) => g.files).filter((f) => f.action !== 'leave');
  const movedBefore = new Set([...journal].flatMap(([key, e]) => (e.step === 'moved' ? [key] : [])));
  return { lib, plan, journal, opts, movedBefore, progress: { done: 0, total: all.length, bytesDone: 0, bytesTotal: all.reduce((a, f) => a + f.bytes, 0) } };
}

/** Counts a file as done; progress is reported at most every 100 ms (or for a large file). */
function ticker(ctx: ApplyCtx): (f: PlanFile) => void {
  let lastReport = 0;
  return (f) => {
    ctx.progress.done++;
    ctx.progress.bytesDone += f.bytes;
    const now = Date.now();
    if (now - lastReport < 100 && f.bytes < 1e6) return;
    lastReport = now;
    ctx.opts.onProgress?.({ ...ctx.progress, current: f.from });
  };
}

/** Moves, dedupes and commits every recording, a batch at a time. */
async function runBatches(ctx: ApplyCtx): Promise<void> {
  const { plan, opts } = ctx;
  const tick = ticker(ctx);
  const order = plan.recordings.map((_, gi) => gi);
  for (let b = 0; b < order.length; b += BATCH) {
    // The safe point: between batches, every earlier recording is committed and nothing is half-moved.
    if (opts.signal?.aborted) throw new CancelledError('migration cancelled');
    const batch = order.slice(b, b + BATCH);
    markMoving(ctx, batch);
    const syncLater = new Set<string>();
    const renamed = new Map<string, string>();
    const moved = await moveBatch(ctx, batch, syncLater, renamed, tick);
    await fsyncDirs(syncLater);
    for (const gi of moved) {
      const g = plan.recordings[gi]!;
      // Duplicates go only once their kept copy is in place; small files, so not cancelled half way.
      for (const [i, f] of g.files.entries()) {
        if (f.action !== 'dedupe') continue;
        await dedupeOne(ctx, gi, i, f);
        tick(f);
      }
      await commitGroup(ctx, gi, g, renamed);
    }
  }
  if (opts.signal?.aborted) throw new CancelledError('migration cancelled');
}

async function execute(lib: Library, plan: MigrationPlan, opts: RunOptions): Promise<ApplyReport> {
  const ctx = newCtx(lib, plan, opts);
  opts.onProgress?.({ ...ctx.progress, current: 'moving files' });
  try {
    await runBatches(ctx);
  } catch (err) {
    if (opts.signal?.aborted || err instanceof CancelledError || (err instanceof FileOpError && err.code === 'ABORT_ERR')) {
      setRunState(lib, plan.runId, 'cancelled');
      throw new CancelledError('migration cancelled: what moved is committed; apply again to resume, or undo the run');
    }
    throw err;
  }
  // New rows have no manual assignment: the template rules decide, as for any import (resumes too).
  matchTemplates(lib, plan);
  opts.onProgress?.({ ...ctx.progress, current: 'verifying' });
  const unaccounted = await verifyRun(lib, plan, ctx.journal);
  const report = reportOf(plan, ctx.journal, unaccounted);
  if (unaccounted.length === 0) {
    // Journal rows stay: they are what an undo of this run follows.
    await removeEmptyLegacyDirs(plan);
  }
  setRunState(lib, plan.runId, unaccounted.length === 0 ? 'applied' : 'failed', report);
  opts.onProgress?.({ ...ctx.progress, current: null });
  return report;
}

function reportOf(plan: MigrationPlan, journal: Map<string, JournalEntry>, unaccounted: { path: string; reason: string }[]): ApplyReport {
  const all = plan.recordings.flatMap((g) => g.files);
  return {
    runId: plan.runId,
    moved: all.filter((f) => f.action === 'move').length,
    deduped: all.filter((f) => f.action === 'dedupe').length,
    leftovers: [
      ...plan.leftovers.map((l) => ({ path: l.path, reason: l.reason })),
      ...keptInLegacy(plan, journal).map(({ f, differs }) => ({
        path: f.from,
        reason:
          differs === 'gone'
            ? `kept here: ${f.to} was taken out of the library`
            : differs
              ? `kept here: no longer identical to ${f.to}`
              : `kept here: ${f.to} already holds a different file (yours, added since the plan)`,
      })),
    ],
    unaccounted: unaccounted.map((u) => ({ path: u.path, reason: u.reason })),
  };
}

/** Files this run left in the legacy folder: a different file took their place first, or a duplicate became different. */
function keptInLegacy(plan: MigrationPlan, journal: Map<string, JournalEntry>): { f: PlanFile; differs: boolean | 'gone' }[] {
  return plan.recordings.flatMap((g, gi) =>
    g.files.flatMap((f, i) => {
      const e = journal.get(fileKey(gi, i));
      return e?.keptLegacy ? [{ f, differs: e.differs?.gone ? ('gone' as const) : e.differs !== undefined }] : [];
    }),
  );
}

/** Runs the template rules over the run's recordings (a manual choice, made since, is kept by commitPlan). */
export function matchTemplates(lib: Library, plan: MigrationPlan): number {
  const ids = plan.recordings.flatMap((g) => (g.recordingId !== null ? [g.recordingId] : []));
  if (ids.length === 0) return 0;
  return commitPlan(lib.sqlite, planApply(lib.sqlite, ids));
}

/** After a verified run: folders left empty in the legacy tree go, deepest first; the root always stays. */
export async function removeEmptyLegacyDirs(plan: MigrationPlan): Promise<number> {
  const dirs = [...plan.dirs].sort((a, b) => b.split('/').length - a.split('/').length || b.localeCompare(a));
  let n = 0;
  for (const d of dirs) {
    try {
      await fs.rmdir(path.join(plan.mediaDir, ...d.split('/')));
      n++;
    } catch {
      // Not empty (a leftover lives there) or already gone.
    }
  }
  return n;
}
