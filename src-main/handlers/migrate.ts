import type { MigratePlanView, migrateChannels } from '@shared/channels/migrate';
import type { MigrationPlan } from '@shared/migrate-plan';
import { getRun, listRuns, runInfo } from '@core/catalog/repositories/migration-runs';
import { startMigrationJob, startPlanJob, startUndoJob } from '@core/migrate/job';
import { removeTempLeftovers } from '@core/migrate/leftovers';
import { MigrateError } from '@core/migrate/service';
import { typedPath } from '@core/storage/typed-path';
import type { HandlerGroup } from './types';

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

export const migrateHandlers: HandlerGroup<keyof typeof migrateChannels> = {
  'migrate:plan': ({ mediaDir }, { app }) => ({ jobId: startPlanJob(app.lib, app.queue, typedPath(mediaDir)).id }),
  'migrate:get': ({ runId }, { app }) => {
    const run = getRun(app.lib, runId);
    if (!run) throw new MigrateError(`There is no migration run ${runId}`);
    return { run: runInfo(run), plan: planView(run.plan) };
  },
  'migrate:apply': ({ runId }, { app }) => ({ jobId: startMigrationJob(app.lib, app.queue, { runId }).id }),
  'migrate:undo': ({ runId }, { app }) => ({ jobId: startUndoJob(app.lib, app.queue, runId).id }),
  'migrate:removeLeftovers': async ({ runId }, { app }) => {
    const res = await removeTempLeftovers(app.lib, runId);
    app.lib.events.emit('library:changed', { reason: 'migration leftovers removed' });
    return res;
  },
  'migrate:runs': ({ limit }, { app }) => listRuns(app.lib, limit),
};
