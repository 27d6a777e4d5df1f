import type { exportChannels } from '@shared/channels/export';
import { exportRecordings } from '@core/export/export';
import type { HandlerGroup } from './types';

export const exportHandlers: HandlerGroup<keyof typeof exportChannels> = {
  'export:start': ({ ids, to, source }, { app }) => {
    const lib = app.lib;
    const title = ids.length === 1 ? `Export #${ids[0]}` : `Export ${ids.length} recordings`;
    const job = app.queue.enqueue({
      kind: 'export',
      title,
      run: async (ctx) => {
        const report = await exportRecordings(lib, ids, to, { source, signal: ctx.signal, onProgress: ctx.progress });
        ctx.summary({ folder: report.folder, exported: report.exported, failed: report.failed });
        return report;
      },
    });
    job.done.catch(() => undefined); // the outcome is in the job's state; nobody awaits it here
    return { jobId: job.id };
  },
};
