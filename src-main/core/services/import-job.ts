/**
 * An import as a job (the app's "Import…" and a retry of one): the paths are imported, and the
 * recordings whose template says so are queued for processing. Its payload is what it was asked,
 * so an interrupted import starts again from it (already imported files are found and skipped).
 */
import type { JobPayload } from '@shared/job-kinds';
import type { ImportReport } from '@shared/channels/import';
import type { Library } from '../catalog/library';
import type { JobQueue } from '../jobs/queue';
import { importPaths } from '../import/importer';
import { resolveMediaTools } from '../tools/binaries';
import { mediaStatus } from '../tools/selftest';
import { processAfterImport } from './auto-process';
import { defaultDataDir } from './data-dir';

export function startImport(lib: Library, queue: JobQueue, payload: JobPayload<'import'>): { id: number; done: Promise<ImportReport> } {
  const { paths, move, profileId, force } = payload;
  const tools = resolveMediaTools();
  const title = paths.length === 1 ? `Import ${paths[0]}` : `Import ${paths.length} items`;
  const job = queue.enqueue({
    kind: 'import',
    title,
    payload,
    run: async (ctx) => {
      const report = await importPaths(lib, paths, { profileId, move, force, tools, signal: ctx.signal, onProgress: ctx.progress });
      // Recordings whose template says so are queued for processing; not awaited: the import is
      // done, and the processing jobs show on their own (and wait for this one's queue slot).
      if (report.imported.length && (await mediaStatus()).ok) {
        const ids = report.imported.map((r) => r.id);
        const auto = await processAfterImport(lib, queue, tools, { dataDir: defaultDataDir(), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe }, ids, (line) => lib.log.info(line));
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
  job.done.catch(() => undefined); // the outcome is in the job's state; nobody need await it
  return job;
}
