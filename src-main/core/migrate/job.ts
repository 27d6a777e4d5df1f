/**
 * The migration's jobs, as the IPC handlers and the CLI queue them: plan (scan and store a dry
 * run), apply (then read the durations the moves did not), undo. The job's summary carries what
 * the wizard shows; its result is what the CLI prints.
 */
import { errorMessage } from '@shared/errors';
import type { JobProgress } from '@shared/jobs';
import type { ApplyReport, UndoReport } from '@shared/migrate-plan';
import { assertAvailable } from '../catalog/availability';
import type { Library } from '../catalog/library';
import { getRun } from '../catalog/repositories/migration-runs';
import type { JobQueue } from '../jobs/queue';
import { resolveMediaTools } from '../tools/binaries';
import { type ProbeMissingReport, probeMissingDurations } from './durations';
import { applyMigration, applyRun, MigrateError, planAndStore } from './service';
import { undoRun } from './undo';

type Queued<T> = { id: number; done: Promise<T> };

/** A planned run by id (the wizard), or a legacy folder whose unfinished run resumes, else is planned afresh (the CLI). */
export type MigrationTarget = { runId: string } | { mediaDir: string };

export interface MigrationJobResult {
  report: ApplyReport;
  durations: ProbeMissingReport;
  /** Why no duration could be read at all (the migration itself is done); null when they were read. */
  durationsError: string | null;
}

export interface MigrationJobOptions {
  /** Each progress patch of the apply, then of the durations, as it comes (the job's own progress gets it too). */
  onProgress?: (phase: 'migrate' | 'durations', p: Partial<JobProgress>) => void;
}

function assertRun(lib: Library, runId: string): void {
  if (!getRun(lib, runId)) throw new MigrateError(`There is no migration run ${runId}`);
}

/** Reads the durations a migration's moves did not; a failure is reported, never the migration's. */
async function readDurations(lib: Library, signal: AbortSignal, onProgress: (p: Partial<JobProgress>) => void): Promise<Omit<MigrationJobResult, 'report'>> {
  try {
    return { durations: await probeMissingDurations(lib, resolveMediaTools(), { signal, onProgress }), durationsError: null };
  } catch (err) {
    const reason = errorMessage(err);
    return { durations: { probed: 0, failed: [{ id: 0, reason }] }, durationsError: reason };
  }
}

/** Applies (or resumes) a migration as a job, then fills in the durations and stream facts. */
export function startMigrationJob(lib: Library, queue: JobQueue, target: MigrationTarget, opts: MigrationJobOptions = {}): Queued<MigrationJobResult> {
  // Refused before the job's row is written: with users/ away the catalog must not change at all.
  assertAvailable(lib);
  if ('runId' in target) assertRun(lib, target.runId);
  const job = queue.enqueue({
    kind: 'migrate',
    title: 'runId' in target ? `Migrate (run ${target.runId})` : `Migrate ${target.mediaDir}`,
    run: async (ctx) => {
      const progress = (phase: 'migrate' | 'durations') => (p: Partial<JobProgress>) => {
        ctx.progress(p);
        opts.onProgress?.(phase, p);
      };
      const runOpts = { signal: ctx.signal, onProgress: progress('migrate') };
      const report = 'runId' in target ? await applyRun(lib, target.runId, runOpts) : await applyMigration(lib, target.mediaDir, runOpts);
      ctx.summary({ runId: report.runId, report });
      // Moving does not read the media; durations and stream facts are filled in right after.
      const durations = await readDurations(lib, ctx.signal, progress('durations'));
      ctx.summary({ durations: durations.durations });
      return { report, ...durations };
    },
  });
  job.done.catch(() => undefined); // the outcome is in the job's state
  return job;
}

/** Scans a legacy folder as a job and stores the plan as a dry run; the summary carries its runId. */
export function startPlanJob(lib: Library, queue: JobQueue, mediaDir: string): Queued<string> {
  const job = queue.enqueue({
    kind: 'migrate',
    title: `Scan ${mediaDir} for migration`,
    run: async (ctx) => {
      const plan = await planAndStore(lib, mediaDir, { signal: ctx.signal, onProgress: ctx.progress });
      ctx.summary({ runId: plan.runId, totals: plan.totals });
      return plan.runId;
    },
  });
  job.done.catch(() => undefined);
  return job;
}

export function startUndoJob(lib: Library, queue: JobQueue, runId: string): Queued<UndoReport> {
  assertAvailable(lib);
  assertRun(lib, runId);
  const job = queue.enqueue({
    kind: 'migrate',
    title: `Undo migration run ${runId}`,
    run: async (ctx) => {
      const report = await undoRun(lib, runId, { signal: ctx.signal, onProgress: ctx.progress });
      ctx.summary({ runId, report });
      return report;
    },
  });
  job.done.catch(() => undefined);
  return job;
}
