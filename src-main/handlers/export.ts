import type { exportChannels } from '@shared/channels/export';
import { startExport } from '@core/services/export-job';
import { typedPath } from '@core/storage/typed-path';
import type { HandlerGroup } from './types';

export const exportHandlers: HandlerGroup<keyof typeof exportChannels> = {
  'export:start': (req, { app }) => ({ jobId: startExport(app.lib, app.queue, { ...req, to: typedPath(req.to) }).id }),
};
