import type { relocateChannels } from '@shared/channels/relocate';
import { readLibraryId } from '@core/catalog/availability';
import { checkDestination } from '@core/relocate/checks';
import { copyLibrary, type RelocateCopy } from '@core/relocate/relocate';
import { removeOldCopy } from '@core/relocate/remove-old';
import { errorMessage } from '@shared/errors';
import type { HandlerGroup } from './types';

export const relocateHandlers: HandlerGroup<keyof typeof relocateChannels> = {
  'relocate:start': async ({ to, keepOld }, { app, appSettings, log }) => {
    const lib = app.lib;
    const from = lib.root;
    // The checks that need no copying answer the request itself (the dialog shows them at once).
    await checkDestination(from, to, readLibraryId(lib));
    const job = app.queue.enqueue<RelocateCopy>({
      kind: 'relocate',
      title: `Move library to ${to}`,
      run: async (ctx) => {
        const r = await copyLibrary(lib, to, { keepOld, signal: ctx.signal, onProgress: ctx.progress });
        ctx.summary({ from, to: r.to, files: r.files, bytes: r.bytes, keepOld });
        return r;
      },
    });
    // The switch waits for the job to end (the queue it runs in belongs to the old library):
    // open the new place (the old library closes, its lock goes), remember it, then the old copy.
    job.done
      .then(async (r) => {
        await app.open(r.to);
        await appSettings.moveLibrary(from, r.to);
        await appSettings.rememberLibrary(r.to);
        const removed = await removeOldCopy(r.to, keepOld ? { keepOld } : {});
        log.info('library moved', { from, to: r.to, removedFiles: removed.removedFiles, kept: removed.kept.length });
      })
      .catch((err: unknown) => log.error('library move did not finish', { from, to, error: errorMessage(err) }));
    return { jobId: job.id };
  },
};
