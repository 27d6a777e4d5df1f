import type { transcriptChannels } from '@shared/channels/transcripts';
import { defaultDataDir } from '@core/services/data-dir';
import { startTranscription } from '@core/services/transcription';
import { resolveMediaTools } from '@core/tools/binaries';
import { TranscriptionError } from '@core/transcripts/engine';
import { attachFile } from '@core/integrity/attach';
import { searchTranscripts, transcriptOf } from '@core/transcripts/search';
import type { HandlerGroup } from './types';

export const transcriptHandlers: HandlerGroup<keyof typeof transcriptChannels> = {
  'transcript:search': ({ text, limit }, { app }) => searchTranscripts(app.lib, text, limit),
  'transcript:get': ({ id }, { app }) => transcriptOf(app.lib, id),
  'transcript:attach': async ({ id, path, timeline }, { app }) => {
    app.integrity.assertAvailable();
    const attached = await attachFile(app.lib, id, path, { timeline });
    return { attached, transcript: transcriptOf(app.lib, id) };
  },
  'transcript:start': async ({ ids, engine, model, language, force }, { app }) => {
    app.integrity.assertAvailable();
    let tools: { ffmpeg?: string; ffprobe?: string } = {};
    try {
      tools = resolveMediaTools();
    } catch {
      // the engines look for ffmpeg themselves and say what is missing
    }
    try {
      const res = await startTranscription(app.lib, app.queue, { dataDir: defaultDataDir(), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe }, { ids, engine, model, language, force });
      return { jobs: res.jobs, skipped: res.skipped, engine: res.engine, model: res.model, language: res.language };
    } catch (err) {
      if (err instanceof TranscriptionError && err.howToFix) throw new Error(`${err.message} ${err.howToFix}`, { cause: err });
      throw err;
    }
  },
};
