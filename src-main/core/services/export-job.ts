/** An export as a job (the app's "Export…" and a retry of one); its summary is the ExportReport. */
import type { JobPayload } from '@shared/job-kinds';
import type { ExportReport } from '@shared/export';
import type { Library } from '../catalog/library';
import type { JobQueue } from '../jobs/queue';
import { exportRecordings } from '../export/export';

export function startExport(lib: Library, queue: JobQueue, payload: JobPayload<'export'>): { id: number; done: Promise<ExportReport> } {
  const { ids, to, source } = payload;
  const job = queue.enqueue({
    kind: 'export',
    title: ids.length === 1 ? `Export #${ids[0]}` : `Export ${ids.length} recordings`,
    payload,
    run: async (ctx) => {
      const report = await exportRecordings(lib, ids, to, { source, signal: ctx.signal, onProgress: ctx.progress });
      ctx.summary({ folder: report.folder, exported: report.exported, failed: report.failed });
      return report;
    },
  });
  job.done.catch(() => undefined); // the outcome is in the job's state; nobody need await it
  return job;
}
