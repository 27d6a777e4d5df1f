import type { Library } from '@core/catalog/library';
import { formatBytes } from '@core/catalog/repositories/files/ledger';
import { getRun } from '@core/catalog/repositories/migration-runs';
import { JobQueue } from '@core/jobs/queue';
import { startMigrationJob } from '@core/migrate/job';
import { removeTempLeftovers, tempLeftovers } from '@core/migrate/leftovers';
import { planJson } from '@core/migrate/plan';
import { planMigration } from '@core/migrate/service';
import { undoRun } from '@core/migrate/undo';
import type { JobProgress } from '@shared/jobs';
import type { ApplyReport } from '@shared/migrate-plan';
import { type CliContext, type Command, flag, str, UsageError, withLibrary } from '../command';

function progressPrinter(ctx: CliContext, what: string): (p: Partial<JobProgress>) => void {
  const state = { done: 0, total: 0, bytesDone: 0, bytesTotal: 0, current: null as string | null };
  let last = 0;
  return (p) => {
    Object.assign(state, p);
    const now = Date.now();
    if (now - last < 500 && p.current !== null) return;
    last = now;
    ctx.progress(
      `${what} ${state.done}/${state.total} files` +
        (state.bytesTotal ? `, ${formatBytes(state.bytesDone)} of ${formatBytes(state.bytesTotal)}` : '') +
        (state.current ? ` — ${state.current}` : ''),
    );
  };
}

/** After a verified run, how to remove its temp_processing leftovers (never done without asking). */
function tempHint(lib: Library, r: ApplyReport): string[] {
  const run = getRun(lib, r.runId);
  if (!run || run.state !== 'applied' || r.unaccounted.length) return [];
  const temp = tempLeftovers(run.plan).filter((t) => r.leftovers.some((l) => l.path === t.path));
  if (!temp.length) return [];
  const bytes = temp.reduce((a, t) => a + t.bytes, 0);
  return [`${temp.length} temp_processing leftovers (${formatBytes(bytes)}) stay in place; remove them with: reclib migrate --remove-leftovers ${r.runId}`];
}

/** Applies (or resumes) the migration of `mediaDir` as a job, printing its progress; then the durations. */
async function migrate(ctx: CliContext, lib: Library, mediaDir: string): Promise<ApplyReport> {
  const printers = { migrate: progressPrinter(ctx, 'migrate'), durations: progressPrinter(ctx, 'durations') };
  const queue = new JobQueue(lib, 1);
  const stop = () => queue.cancelAll();
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    const job = startMigrationJob(lib, queue, { mediaDir }, { onProgress: (phase, p) => printers[phase](p) });
    if (ctx.signal.aborted) stop();
    const res = await job.done;
    if (res.durationsError !== null) ctx.progress(`reclib: durations not read (${res.durationsError}); run the migration again to retry`);
    else for (const f of res.durations.failed) ctx.progress(`reclib: could not read the duration of #${f.id}: ${f.reason}`);
    return res.report;
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
}

export const migrateCommand: Command = {
  name: 'migrate',
  usage: 'reclib migrate <media-dir> [--dry-run] | reclib migrate --undo <run> | reclib migrate --remove-leftovers <run>',
  summary: 'move an old media/ folder into the library (journaled, verified), or undo a run',
  options: { 'dry-run': { type: 'boolean' }, undo: { type: 'string' }, 'remove-leftovers': { type: 'string' } },
  async run(ctx, positionals, values) {
    const undo = str(values, 'undo');
    const removeRun = str(values, 'remove-leftovers');
    if (undo !== undefined && removeRun !== undefined) throw new UsageError('--undo and --remove-leftovers do not go together');
    if ((undo !== undefined || removeRun !== undefined) && positionals.length > 0) throw new UsageError(`--${undo !== undefined ? 'undo' : 'remove-leftovers'} takes a run id and no media folder`);
    if (undo === undefined && removeRun === undefined && positionals.length !== 1) throw new UsageError('migrate takes exactly one media folder (or --undo <run>, --remove-leftovers <run>)');
    return withLibrary(ctx, { writer: 'reclib migrate' }, async (lib) => {
      if (removeRun !== undefined) {
        const r = await removeTempLeftovers(lib, removeRun);
        const text = [
          `Run ${r.runId}: removed ${r.removed.length} temp_processing leftovers (${formatBytes(r.bytes)}), ${r.removedDirs} empty folders.`,
          ...r.removed.map((x) => `  removed ${x.path} (${formatBytes(x.bytes)})`),
          ...r.skipped.map((x) => `  kept ${x.path}: ${x.reason}`),
        ].join('\n');
        return { json: r, text };
      }
      if (undo !== undefined) {
        const r = await undoRun(lib, undo, { signal: ctx.signal, onProgress: progressPrinter(ctx, 'undo') });
        const text = [`Run ${r.runId} undone: ${r.restored} files restored.`, ...r.unaccounted.map((u) => `  ! ${u.path}: ${u.reason}`)].join('\n');
        return { json: r, text, exitCode: r.unaccounted.length ? 1 : 0 };
      }
      const mediaDir = positionals[0]!;
      if (flag(values, 'dry-run')) {
        const plan = await planMigration(lib, mediaDir, { signal: ctx.signal, onProgress: progressPrinter(ctx, 'scan') });
        const json = planJson(plan);
        const t = plan.totals;
        const text = [
          ...plan.recordings.flatMap((g) => [
            `${g.kind === 'recording' ? `#${g.recordingId}` : '--'} ${g.displayName} (profile ${g.profileId})`,
            ...g.files.map((f) => `  ${f.action.padEnd(6)} ${f.from} -> ${f.to ?? '(stays)'}${f.reason ? `  [${f.reason}]` : ''}`),
          ]),
          ...plan.leftovers.map((l) => `  leave  ${l.path}  [${l.reason}]`),
          `${t.files} files, ${formatBytes(t.bytes)}: move ${t.move}, dedupe ${t.dedupe}, leave ${t.leave}. Nothing was changed (dry run).`,
        ].join('\n');
        return { json, text };
      }
      const r = await migrate(ctx, lib, mediaDir);
      const text = [
        `Run ${r.runId}: moved ${r.moved}, deduplicated ${r.deduped}, left ${r.leftovers.length}.`,
        ...r.leftovers.map((l) => `  leave ${l.path}: ${l.reason}`),
        ...r.unaccounted.map((u) => `  ! UNACCOUNTED ${u.path}: ${u.reason}`),
        r.unaccounted.length ? 'Verification failed: the files above are not accounted for.' : 'Verified: every legacy file is accounted for.',
        ...tempHint(lib, r),
      ].join('\n');
      return { json: r, text, exitCode: r.unaccounted.length ? 1 : 0 };
    });
  },
};
