import type { processingChannels } from '@shared/channels/processing';
import { resolveMediaTools } from '@core/tools/binaries';
import { retryProcessing, startProcessing } from '@core/services/processing';
import { defaultDataDir, transcribeAfterProcessing } from '@core/services/transcription';
import { mediaStatus } from '@core/tools/selftest';
import type { HandlerGroup } from './types';

/** Processing is refused up front when the self-test failed, with the same words the banner shows. */
async function toolsOrThrow() {
  const status = await mediaStatus();
  if (!status.ok) throw new Error(`Processing is disabled: ${status.problem ?? 'FFmpeg does not work'} ${status.fix ?? ''}`.trim());
  return resolveMediaTools();
}

export const processingHandlers: HandlerGroup<keyof typeof processingChannels> = {
  'process:start': async ({ ids, allNew }, { app }) => {
    app.integrity.assertAvailable(); // the library's files must be there (offline/degraded: refused, nothing queued)
    const tools = await toolsOrThrow();
    const res = await startProcessing(app.lib, app.queue, tools, { ids, allNew });
    void transcribeAfterProcessing(app.lib, app.queue, { dataDir: defaultDataDir(), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe }, res.done);
    return { jobs: res.jobs, skipped: res.skipped };
  },
  'process:retry': async ({ jobId }, { app }) => {
    app.integrity.assertAvailable();
    const tools = await toolsOrThrow();
    return { jobId: await retryProcessing(app.lib, app.queue, tools, jobId) };
  },
  'media:status': ({ refresh }) => mediaStatus(refresh),
};
