import type { MigratePlanView, MigrateRunInfo, migrateChannels } from '@shared/channels/migrate';
import type { MigrationPlan } from '../core/migrate/plan';
import { getRun, listRuns, type RunRow } from '@core/catalog/repositories/migration-runs';
import { probeMissingDurations } from '@core/migrate/durations';
import { resolveMediaTools } from '@core/tools/binaries';
import { applyRun, MigrateError, planAndStore } from '../core/migrate/service';
import { undoRun } from '../core/migrate/undo';
import { removeTempLeftovers } from '../core/migrate/leftovers';
import type { HandlerGroup } from './types';
import { errorMessage } from '@shared/errors';

function planView(p: MigrationPlan): MigratePlanView {
  return {
    runId: p.runId,
    mediaDir: p.mediaDir,
    recordings: p.recordings.map((g) => ({
      kind: g.kind,
      legacyId: g.legacyId,
      displayName: g.displayName,
      profileId: g.profileId,
      recordingId: g.recordingId,
      files: g.files.map((f) => ({ from: f.from, to: f.to, action: f.action, reason: f.reason, bytes: f.bytes, conflict: f.conflict === true })),
    })),
    leftovers: p.leftovers.map((l) => ({ path: l.path, reason: l.reason, bytes: l.bytes })),
    totals: p.totals,
    profiles: p.profiles,
  };
}

function runInfo(r: RunRow): MigrateRunInfo {
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

export const migrateHandlers: HandlerGroup<keyof typeof migrateChannels> = {
  'migrate:plan': ({ mediaDir }, { app }) => {
    const lib = app.lib;
    const job = app.queue.enqueue({
      kind: 'migrate',
      title: `Scan ${mediaDir} for migration`,
      run: async (ctx) => {
        const plan = await planAndStore(lib, mediaDir, { signal: ctx.signal, onProgress: ctx.progress });
        ctx.summary({ runId: plan.runId, totals: plan.totals });
        return plan.runId;
      },
    });
    job.done.catch(() => undefined); // the outcome is in the job's state
    return { jobId: job.id };
  },
  'migrate:get': ({ runId }, { app }) => {
    const run = getRun(app.lib, runId);
    if (!run) throw new MigrateError(`There is no migration run ${runId}`);
    return { run: runInfo(run), plan: planView(run.plan) };
  },
  'migrate:apply': ({ runId }, { app }) => {
    const lib = app.lib;
    if (!getRun(lib, runId)) throw new MigrateError(`There is no migration run ${runId}`);
    const job = app.queue.enqueue({
      kind: 'migrate',
      title: `Migrate (run ${runId})`,
      run: async (ctx) => {
        const report = await applyRun(lib, runId, { signal: ctx.signal, onProgress: ctx.progress });
        ctx.summary({ runId: report.runId, report });
        // Moving does not read the media; durations and stream facts are filled in right after.
        const durations = await probeMissingDurations(lib, resolveMediaTools(), { signal: ctx.signal, onProgress: ctx.progress }).catch((err: unknown) => ({
          probed: 0,
          failed: [{ id: 0, reason: errorMessage(err) }],
        }));
        ctx.summary({ durations });
        return report;
      },
    });
    job.done.catch(() => undefined);
    return { jobId: job.id };
  },
  'migrate:undo': ({ runId }, { app }) => {
    const lib = app.lib;
    if (!getRun(lib, runId)) throw new MigrateError(`There is no migration run ${runId}`);
    const job = app.queue.enqueue({
      kind: 'migrate',
      title: `Undo migration run ${runId}`,
      run: async (ctx) => {
        const report = await undoRun(lib, runId, { signal: ctx.signal, onProgress: ctx.progress });
        ctx.summary({ runId, report });
        return report;
      },
    });
    job.done.catch(() => undefined);
    return { jobId: job.id };
  },
  'migrate:removeLeftovers': async ({ runId }, { app }) => {
    const res = await removeTempLeftovers(app.lib, runId);
    app.lib.events.emit('library:changed', { reason: 'migration leftovers removed' });
    return res;
  },
  'migrate:runs': ({ limit }, { app }) => listRuns(app.lib, limit),
};
