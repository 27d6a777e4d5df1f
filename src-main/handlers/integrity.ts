import type { integrityChannels } from '@shared/channels/integrity';
import { listAudit } from '@core/catalog/repositories/audit';
import { planCleanup } from '@core/cleanup/plan';
import { listSetAside } from '@core/cleanup/set-aside';
import { importSetAside } from '@core/services/set-aside-import';
import { emptyTrash, startCleanup } from '@core/services/cleanup-jobs';
import { listTrash, trashRecordings } from '@core/trash/trash';
import { restoreFromTrash } from '@core/expiry/expiry';
import type { HandlerGroup } from './types';

/**
 * Long work (scans, emptying the trash, cleanup, a scheduled run now) answers at once with its job
 * id; the job's summary carries the result. A refusal (the library is not online: a paused queue
 * would only hold the job) comes before anything is queued.
 */
export const integrityHandlers: HandlerGroup<keyof typeof integrityChannels> = {
  'scan:run': ({ apply }, { app }) => ({ jobId: app.integrity.startScan(apply).id }),
  'watcher:health': (_req, { app }) => app.integrity.health(),
  'recordings:delete': ({ ids }, { app }) => {
    const r = trashRecordings(app.lib, ids);
    return { trashed: r.done, skipped: r.skipped };
  },
  'recordings:restore': ({ ids }, { app }) => {
    const r = restoreFromTrash(app.lib, ids);
    return { restored: r.done, skipped: r.skipped };
  },
  'trash:list': (_req, { app }) => listTrash(app.lib),
  'trash:empty': ({ ids }, { app }) => {
    app.integrity.assertAvailable();
    return { jobId: emptyTrash(app.lib, app.queue, ids).id };
  },
  'trash:setAside': (_req, { app }) => listSetAside(app.lib),
  'trash:importSetAside': ({ ids }, { app }) => {
    app.integrity.assertAvailable();
    return importSetAside(app.lib, app.queue, ids);
  },
  'cleanup:plan': ({ kinds }, { app }) => planCleanup(app.lib, kinds),
  'cleanup:apply': ({ kinds, confirm, expectDigest, massConfirmation }, { app }) => {
    app.integrity.assertAvailable();
    return { jobId: startCleanup(app.lib, app.queue, kinds, { confirm, expectDigest, massConfirmation }).id };
  },
  'cleanup:schedule': ({ runNow }, { app }) => {
    if (runNow) app.integrity.assertAvailable();
    const started = runNow ? app.integrity.scheduler.startRun(runNow) : null;
    return { schedule: app.integrity.scheduler.status(), jobId: started?.id ?? null };
  },
  'audit:list': ({ limit }, { app }) => listAudit(app.lib.sqlite, limit),
  'integrity:state': (_req, { app }) => {
    app.integrity.monitor.check();
    return { ...app.integrity.availability(), root: app.lib.root };
  },
};
