import type { processingChannels } from '@shared/channels/processing';
import { processingTools, startProcessing } from '@core/services/processing';
import { defaultDataDir } from '@core/services/data-dir';
import { transcribeAfterProcessing } from '@core/services/transcribe-after';
import { mediaStatus } from '@core/tools/selftest';
import type { HandlerGroup } from './types';

export const processingHandlers: HandlerGroup<keyof typeof processingChannels> = {
  'process:start': async ({ ids, allNew }, { app }) => {
    app.integrity.assertAvailable(); // the library's files must be there (offline/degraded: refused, nothing queued)
    const tools = await processingTools();
    const res = await startProcessing(app.lib, app.queue, tools, { ids, allNew });
    void transcribeAfterProcessing(app.lib, app.queue, { dataDir: defaultDataDir(), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe }, res.done);
    return { jobs: res.jobs, skipped: res.skipped };
  },
  'media:status': ({ refresh }) => mediaStatus(refresh),
};
