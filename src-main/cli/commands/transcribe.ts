import { assertAvailable } from '@core/catalog/availability';
import { JobQueue } from '@core/jobs/queue';
import { defaultDataDir } from '@core/services/data-dir';
import { startTranscription } from '@core/services/transcription';
import { resolveMediaTools } from '@core/tools/binaries';
import { TranscriptionError } from '@core/transcripts/engine';
import { type EngineContext, ENGINE_NAMES, engineStatus } from '@core/transcripts/engines';
import { type Command, flag, positiveInt, str, UsageError, withLibrary } from '../command';

/** The engine's reason and what to do about it, as one plain message; `also`: another way that works here. */
function plainError(err: unknown, also = ''): unknown {
  if (err instanceof TranscriptionError) return new Error(`${err.howToFix ? `${err.message} ${err.howToFix}` : err.message}${also}`, { cause: err });
  return err;
}

/**
 * When the library's engine cannot run here and none was asked for: the engines that can, as the
 * command to type (a new library's engine is Whisper, whose model is a download).
 */
async function otherEngines(err: unknown, asked: string | undefined, own: string, ctx: EngineContext, ids: number[]): Promise<string> {
  if (asked !== undefined || !(err instanceof TranscriptionError) || err.code !== 'UNAVAILABLE') return '';
  const ready = (await engineStatus(ctx).catch(() => [])).filter((a) => a.ok && a.engine !== own);
  return ready.map((a) => ` Or use ${a.engine}, which works here${a.engine === 'pocketsphinx' ? ' (English only)' : ''}: \`reclib transcribe ${ids.join(' ')} --engine ${a.engine}\`.`).join('');
}

export const transcribeCommand: Command = {
  name: 'transcribe',
  usage: `reclib transcribe <id...> [--engine ${ENGINE_NAMES.join('|')}] [--model M] [--language L|auto] [--force]`,
  summary: 'speech to text: write transcription/master.json and subtitles from the processed audio (--force replaces an attached transcript)',
  options: { engine: { type: 'string' }, model: { type: 'string' }, language: { type: 'string' }, force: { type: 'boolean' } },
  async run(ctx, positionals, values) {
    if (positionals.length === 0) throw new UsageError('transcribe needs recording ids');
    const ids = positionals.map((p) => positiveInt(p, 'recording id'));
    const language = str(values, 'language');
    if (language !== undefined && !/^(auto|[a-z]{2,3})$/i.test(language)) throw new UsageError(`--language takes "auto" or a language code such as en or ru, got "${language}"`);
    const tools = (() => {
      try {
        return resolveMediaTools();
      } catch {
        return null; // the engines find ffmpeg themselves and say what is missing
      }
    })();
    return withLibrary(ctx, { writer: 'reclib transcribe' }, async (lib) => {
      assertAvailable(lib);
      const queue = new JobQueue(lib, 1);
      const stop = () => queue.cancelAll();
      ctx.signal.addEventListener('abort', stop, { once: true });
      const engineCtx = { dataDir: defaultDataDir(), ffmpeg: tools?.ffmpeg, ffprobe: tools?.ffprobe };
      const engine = str(values, 'engine');
      const res = await startTranscription(lib, queue, engineCtx, { ids, engine, model: str(values, 'model'), language, force: flag(values, 'force') }).catch(async (err: unknown) => {
        throw plainError(err, await otherEngines(err, engine, lib.settings().transcription.engine, engineCtx, ids));
      });
      for (const s of res.skipped) ctx.progress(`#${s.id}: not transcribed: ${s.reason}`);
      let lastLine = 0;
      const off = lib.events.on('job:progress', (job) => {
        if (job.kind !== 'process' || Date.now() - lastLine < 1000) return;
        lastLine = Date.now();
        const pct = Math.round((job.progress.fraction ?? 0) * 100);
        const eta = job.progress.etaSec != null ? `, about ${Math.ceil(job.progress.etaSec)} s left` : '';
        ctx.progress(`#${job.recordingId ?? '?'} ${pct}%${job.progress.current ? ` — ${job.progress.current}` : ''}${eta}`);
      });
      const settled = await Promise.allSettled(res.jobs.map((j) => res.done.get(j.id)!));
      off();
      ctx.signal.removeEventListener('abort', stop);
      const results = [];
      let failed = 0;
      for (const [i, s] of settled.entries()) {
        const { id, jobId } = res.jobs[i]!;
        if (s.status === 'fulfilled') {
          const o = s.value;
          results.push({ id: o.id, engine: o.engine, model: o.model, language: o.language, segments: o.segments, words: o.words, seconds: o.seconds, realtimeFactor: o.realtimeFactor });
        } else {
          failed++;
          const job = queue.get(jobId);
          ctx.progress(`#${id}: ${job?.state ?? 'failed'}${job?.error ? `: ${job.error}` : ''}`);
        }
      }
      const text = results.length
        ? results.map((r) => `#${r.id}: ${r.segments ? `${r.segments} segments, ${r.words} words` : 'no speech was heard, so no subtitles were made'} (${r.language}, ${r.engine}${r.model ? ` ${r.model}` : ''}), ${r.seconds} s of audio at ×${r.realtimeFactor ?? '?'} real time`).join('\n')
        : 'Nothing was transcribed.';
      return { json: { results }, text, exitCode: failed > 0 || (res.skipped.length > 0 && results.length === 0) ? 1 : 0 };
    });
  },
};
