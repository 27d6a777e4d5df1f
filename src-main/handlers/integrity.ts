import type { integrityChannels } from '@shared/channels/integrity';
import { applyCleanup } from '../core/cleanup/apply';
import { listAudit } from '@core/catalog/repositories/audit';
import { planCleanup } from '../core/cleanup/plan';
import { scanLibrary } from '@core/integrity/scanner/scan';
import { listTrash, purgeRecording, restoreRecordings, trashRecordings } from '@core/trash/trash';
import type { HandlerGroup } from './types';
import { errorMessage } from '@shared/errors';

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
  'trash:empty': async ({ ids }, { app }) => {
    // "Empty now" is the user's explicit decision: retention does not apply, the safety share does not either.
    const lib = app.lib;
    app.integrity.assertAvailable(); // a paused queue (files unavailable) would only hold the job
    const wanted = ids ?? listTrash(lib).map((t) => t.id);
    const job = app.queue.enqueue({
      kind: 'cleanup',
      title: `Empty the trash (${wanted.length})`,
      run: async (ctx) => {
        const done = [];
        const skipped = [];
        for (const [i, id] of wanted.entries()) {
          ctx.signal.throwIfAborted();
          ctx.progress({ done: i, total: wanted.length });
          try {
            const r = await purgeRecording(lib, id, 'trash emptied by the user');
            if (r) done.push({ kind: 'trash' as const, path: null, id, bytes: r.bytes, action: 'purge' as const, reason: 'trash emptied by the user', files: 0 });
            else skipped.push({ path: null, id, reason: 'not in the trash' });
          } catch (err) {
            skipped.push({ path: null, id, reason: errorMessage(err) });
          }
        }
        return { done, skipped };
      },
    });
    return job.done;
  },
  'cleanup:plan': ({ kinds }, { app }) => planCleanup(app.lib, kinds),
  'cleanup:apply': ({ kinds, confirm, expectDigest, massConfirmation }, { app }) => {
    const lib = app.lib;
    // Refused before it is queued: a paused queue (the library is not online) would only hold it.
    app.integrity.assertAvailable();
    const job = app.queue.enqueue({
      kind: 'cleanup',
      title: `Cleanup: ${kinds.join(', ')}`,
      run: (ctx) => applyCleanup(lib, kinds, { confirm, expectDigest, massConfirmation, signal: ctx.signal, onProgress: ctx.progress }),
    });
    return job.done;
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
