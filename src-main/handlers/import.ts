import type { importChannels } from '@shared/channels/import';
import { startImport } from '@core/services/import-job';
import { retryJob } from '@core/services/jobs';
import { typedPath } from '@core/storage/typed-path';
import type { HandlerGroup } from './types';

export const importHandlers: HandlerGroup<keyof typeof importChannels> = {
  'import:start': (req, { app }) => ({ jobId: startImport(app.lib, app.queue, { ...req, paths: req.paths.map(typedPath) }).id }),
  'jobs:list': ({ limit }, { app }) => app.queue.list(limit),
  'jobs:get': ({ id }, { app }) => {
    const job = app.queue.get(id);
    if (!job) throw new Error(`There is no job #${id}`);
    return job;
  },
  'jobs:cancel': ({ id }, { app }) => ({ cancelled: app.queue.cancel(id) }),
  'jobs:cancelAll': (_req, { app }) => ({ cancelled: app.queue.cancelAll() }),
  'jobs:retry': async ({ jobId }, { app }) => {
    app.integrity.assertAvailable(); // a paused queue (files unavailable) would only hold the job
    return { jobId: await retryJob({ lib: app.lib, queue: app.queue }, jobId) };
  },
};
