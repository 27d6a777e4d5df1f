import type { integrityChannels } from '@shared/channels/integrity';
import { listAudit } from '@core/catalog/repositories/audit';
import { planCleanup } from '@core/cleanup/plan';
import { scanLibrary } from '@core/integrity/scanner/scan';
import { emptyTrash, startCleanup } from '@core/services/cleanup-jobs';
import { listTrash, restoreRecordings, trashRecordings } from '@core/trash/trash';
import type { HandlerGroup } from './types';

export const integrityHandlers: HandlerGroup<keyof typeof integrityChannels> = {
  'scan:run': async ({ apply }, { app }) => {
    if (apply) return app.integrity.scan();
    return (await scanLibrary(app.lib, { apply: false })).report;
  },
  'watcher:health': (_req, { app }) => app.integrity.health(),
  'recordings:delete': ({ ids }, { app }) => {
    const r = trashRecordings(app.lib, ids);
    return { trashed: r.done, skipped: r.skipped };
  },
  'recordings:restore': ({ ids }, { app }) => {
    const r = restoreRecordings(app.lib, ids);
    return { restored: r.done, skipped: r.skipped };
  },
  'trash:list': (_req, { app }) => listTrash(app.lib),
  'trash:empty': ({ ids }, { app }) => {
    app.integrity.assertAvailable(); // a paused queue (files unavailable) would only hold the job
    return emptyTrash(app.lib, app.queue, ids).done;
  },
  'cleanup:plan': ({ kinds }, { app }) => planCleanup(app.lib, kinds),
  'cleanup:apply': ({ kinds, confirm, expectDigest, massConfirmation }, { app }) => {
    // Refused before it is queued: a paused queue (the library is not online) would only hold it.
    app.integrity.assertAvailable();
    return startCleanup(app.lib, app.queue, kinds, { confirm, expectDigest, massConfirmation }).done;
  },
  'cleanup:schedule': async ({ runNow }, { app }) => {
    if (runNow) await app.integrity.scheduler.runNow(runNow);
    return app.integrity.scheduler.status();
  },
  'audit:list': ({ limit }, { app }) => listAudit(app.lib.sqlite, limit),
  'integrity:state': (_req, { app }) => {
    app.integrity.monitor.check();
    return { ...app.integrity.availability(), root: app.lib.root };
  },
};
