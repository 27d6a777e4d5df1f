import type { importChannels } from '@shared/channels/import';
import { importPaths } from '@core/import/importer';
import { resolveMediaTools } from '@core/tools/binaries';
import { processAfterImport } from '@core/services/auto-process';
import { defaultDataDir } from '@core/services/transcription';
import { mediaStatus } from '@core/tools/selftest';
import type { HandlerGroup } from './types';

export const importHandlers: HandlerGroup<keyof typeof importChannels> = {
  'import:start': ({ paths, move, profileId, force }, { app }) => {
    const lib = app.lib;
    const tools = resolveMediaTools();
    const title = paths.length === 1 ? `Import ${paths[0]}` : `Import ${paths.length} items`;
    const job = app.queue.enqueue({
      kind: 'import',
      title,
      run: async (ctx) => {
        const report = await importPaths(lib, paths, { profileId, move, force, tools, signal: ctx.signal, onProgress: ctx.progress });
        // Recordings whose template says so are queued for processing; not awaited: the import is
        // done, and the processing jobs show on their own (and wait for this one's queue slot).
        if (report.imported.length && (await mediaStatus()).ok) {
          const ids = report.imported.map((r) => r.id);
          const auto = await processAfterImport(lib, app.queue, tools, { dataDir: defaultDataDir(), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe }, ids, (line) =>
            lib.log.info(line),
          );
          void auto.finished;
        }
        ctx.summary({
          imported: report.imported.length,
          skipped: report.skipped,
          failed: report.failed,
          importedIds: report.imported.map((r) => r.id),
          // Imported, but not all as asked (an original kept after --move): the dialog lists them.
          warnings: report.imported.flatMap((r) => (r.warnings ?? []).map((reason) => ({ path: r.source, reason }))),
        });
        return report;
      },
    });
    job.done.catch(() => undefined); // the outcome is in the job's state; nobody awaits it here
    return { jobId: job.id };
  },
  'jobs:list': ({ limit }, { app }) => app.queue.list(limit),
  'jobs:get': ({ id }, { app }) => {
    const job = app.queue.get(id);
    if (!job) throw new Error(`There is no job #${id}`);
    return job;
  },
  'jobs:cancel': ({ id }, { app }) => ({ cancelled: app.queue.cancel(id) }),
};
