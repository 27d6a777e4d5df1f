/**
 * The main engine: whisper.cpp through its N-API binding (whisper-binding.ts), with ggml models
 * from the model manager (models.ts). Audio is decoded by ffmpeg and fed in chunks of about five
 * minutes cut at quiet moments (pcm.ts), which keeps memory flat, lets progress move within and
 * between chunks, and lets a cancel stop the native worker (`stop()`) instead of waiting for a
 * whole lecture. The language found in the first chunk is kept for the rest, so a recording is
 * not transcribed in two languages.
 *
 * Words: whisper.cpp's segments are used as they come (whole phrases, text always valid UTF-8).
 * Their word times are spread over the segment by character share and carry no `p`: per-token
 * timing (max_len=1) can split a Cyrillic or CJK character across tokens, which would damage the
 * very text the search relies on.
 */
import os from 'node:os';
import { type Availability, cancelReason, type TranscribeOptions, TranscriptionError, type TranscriptionEngine, type TranscriptionResult, type TranscriptSegment, type TranscriptWord, throwIfCancelled } from './engine';
import { catalogModel } from './model-catalog';
import { ModelError, type ModelStore } from './models';
import { type ChunkPlan, decodeChunks, SAMPLE_RATE } from './pcm';
import { isCjk } from './segmenter';
import { FFMPEG_HOW_TO_FIX, resolveFfmpeg } from './tools';
import { type BindingLoader, defaultBindingLoader, loadWhisperBinding, type NativeContext, type NativeSegment } from './whisper-binding';
import { errorMessage } from '@shared/errors';

/** The languages whisper.cpp knows (its g_lang table), ISO 639-1 where one exists. */
export const WHISPER_LANGUAGES: readonly string[] =
  'en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur hr bg lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si km sn yo so af oc ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln ha ba jw su yue'.split(' ');

export const WHISPER_CHUNKS: ChunkPlan = { minSec: 240, maxSec: 300, overlapSec: 0.5 };

export interface WhisperEngineOptions {
  models: ModelStore;
  /** A catalog name (base, small.en, ...) or the name of a user's own model. */
  model: string;
  loader?: BindingLoader;
  ffmpeg?: string;
  env?: NodeJS.ProcessEnv;
  /** Threads for whisper.cpp; default: all cores but one (the UI and the catalog keep one). */
  threads?: number;
  chunks?: ChunkPlan;
}

/** Bracketed non-speech notes whisper writes ("[Music]", "(applause)") are not words. */
const NON_SPEECH = /^\s*[[(][^\])]*[\])]\s*$/;

/** Splits a segment's text into words and spreads its time over them by length. */
export function estimateWords(text: string, start: number, end: number): TranscriptWord[] {
  const tokens: string[] = [];
  for (const piece of text.trim().split(/\s+/).filter(Boolean)) {
    // CJK runs have no spaces: each character is a word for timing and search.
    let run = '';
    for (const ch of piece) {
      if (isCjk(ch)) {
        if (run) tokens.push(run);
        tokens.push(ch);
        run = '';
      } else run += ch;
    }
    if (run) tokens.push(run);
  }
  const total = tokens.reduce((a, t) => a + [...t].length, 0);
  const out: TranscriptWord[] = [];
  let t = start;
  for (const w of tokens) {
    const d = total > 0 ? ((end - start) * [...w].length) / total : 0;
    out.push({ start: round3(t), end: round3(t + d), word: w });
    t += d;
  }
  return out;
}

/** Native segments (ms from the chunk's start) -> our segments (s of the whole file). */
export function segmentsFromNative(native: readonly NativeSegment[], offsetSec: number): TranscriptSegment[] {
  const out: TranscriptSegment[] = [];
  for (const s of native) {
    const text = s.text.replace(/\s+/g, ' ').trim();
    if (!text || NON_SPEECH.test(text)) continue;
    const start = round3(offsetSec + s.t0 / 1000);
    const end = round3(Math.max(start, offsetSec + s.t1 / 1000));
    out.push({ start, end, text, words: estimateWords(text, start, end) });
  }
  return out;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export class WhisperEngine implements TranscriptionEngine {
  readonly name = 'whisper';
  readonly model: string;
  private readonly loader: BindingLoader;

  constructor(private readonly opts: WhisperEngineOptions) {
    this.model = opts.model;
    this.loader = opts.loader ?? defaultBindingLoader(opts.env);
  }

  languages(): readonly string[] {
    return catalogModel(this.model)?.multilingual === false ? ['en'] : ['auto', ...WHISPER_LANGUAGES];
  }

  /** The language to ask for, or a LANGUAGE error for a language this model cannot do. */
  private language(asked: string | undefined): string {
    const lang = (asked ?? 'auto').toLowerCase().split(/[-_]/)[0]!;
    const english = catalogModel(this.model)?.multilingual === false;
    if (lang === 'auto') return english ? 'en' : 'auto';
    if (english && lang !== 'en') throw new TranscriptionError(`The Whisper model "${this.model}" transcribes English only, not "${asked}".`, 'LANGUAGE', `Choose the multilingual model "${this.model.replace(/\.en$/, '')}" for other languages.`);
    if (!WHISPER_LANGUAGES.includes(lang)) throw new TranscriptionError(`Whisper does not know the language "${asked}".`, 'LANGUAGE', 'Choose "auto" to let Whisper detect the language, or a two-letter code such as en, ru, de.');
    return lang;
  }

  private async modelFile(): Promise<string> {
    try {
      return (await this.opts.models.resolve(this.model)).path;
    } catch (err) {
      if (err instanceof ModelError) throw new TranscriptionError(err.message, 'UNAVAILABLE', err.howToFix, { cause: err });
      throw err;
    }
  }

  async available(): Promise<Availability> {
    try {
      // The model first: "download the model" is the likelier answer, and needs no native code.
      const file = await this.modelFile();
      await loadWhisperBinding(this.loader);
      if (!resolveFfmpeg(this.opts.env ?? process.env, this.opts.ffmpeg)) return { ok: false, engine: this.name, reason: 'FFmpeg was not found; Whisper needs it to read the audio.', howToFix: FFMPEG_HOW_TO_FIX };
      return { ok: true, engine: this.name, model: this.model, detail: `whisper.cpp with ${file}` };
    } catch (err) {
      if (err instanceof TranscriptionError) return { ok: false, engine: this.name, reason: err.message, howToFix: err.howToFix ?? '' };
      throw err;
    }
  }

  private open(binding: { WhisperContext: new (o: { filePath: string; useGpu?: boolean }) => NativeContext }, file: string): NativeContext {
    try {
      return new binding.WhisperContext({ filePath: file, useGpu: false });
    } catch (err) {
      throw new TranscriptionError(`The Whisper model file ${file} could not be loaded: it is damaged or not a whisper.cpp model.`, 'BAD_MODEL', `Remove the model "${this.model}" in Settings → Transcription → Models and download it again.`, { cause: err });
    }
  }

  async transcribe(audioFile: string, opts: TranscribeOptions = {}): Promise<TranscriptionResult> {
    const { signal } = opts;
    throwIfCancelled(signal);
    let language = this.language(opts.language);
    const file = await this.modelFile();
    const binding = await loadWhisperBinding(this.loader);
    const ffmpeg = resolveFfmpeg(this.opts.env ?? process.env, this.opts.ffmpeg);
    if (!ffmpeg) throw new TranscriptionError('FFmpeg was not found; Whisper needs it to read the audio.', 'UNAVAILABLE', FFMPEG_HOW_TO_FIX);
    const ctx = this.open(binding, file);
    const threads = this.opts.threads ?? Math.max(1, os.availableParallelism() - 1);
    let totalSec: number | null = opts.durationSec ?? null;
    const segments: TranscriptSegment[] = [];
    try {
      const chunks = decodeChunks(ffmpeg, audioFile, this.opts.chunks ?? WHISPER_CHUNKS, { signal, onDuration: (d) => void (totalSec ??= d) });
      for await (const chunk of chunks) {
        const chunkEnd = chunk.fileStartSec + chunk.pcm.length / (2 * SAMPLE_RATE);
        const keepTo = Math.min(chunk.keepToSec, chunkEnd);
        const pcm = chunk.pcm.buffer.slice(chunk.pcm.byteOffset, chunk.pcm.byteOffset + chunk.pcm.byteLength) as ArrayBuffer;
        const job = ctx.transcribeData(pcm, {
          language,
          maxThreads: threads,
          onProgress: (pct) => opts.onProgress?.({ doneSec: round3(chunk.keepFromSec + ((keepTo - chunk.keepFromSec) * Math.min(100, pct)) / 100), totalSec }),
        });
        const stop = () => void job.stop().catch(() => undefined);
        signal?.addEventListener('abort', stop, { once: true });
        let res;
        try {
          res = await job.promise;
        } catch (err) {
          if (signal?.aborted) throw cancelReason(signal);
          throw new TranscriptionError(`Whisper failed while transcribing ${audioFile}: ${errorMessage(err)}`, 'ENGINE_FAILED', undefined, { cause: err });
        } finally {
          signal?.removeEventListener('abort', stop);
        }
        if (res.isAborted || signal?.aborted) throw cancelReason(signal);
        if (language === 'auto' && res.language) language = res.language;
        for (const s of segmentsFromNative(res.segments, chunk.fileStartSec)) {
          const mid = (s.start + s.end) / 2;
          if (mid >= chunk.keepFromSec && mid < chunk.keepToSec) segments.push(s);
        }
        if (chunk.last && totalSec === null) totalSec = chunkEnd;
        opts.onProgress?.({ doneSec: round3(keepTo), totalSec });
      }
      throwIfCancelled(signal);
      return { language: language === 'auto' ? 'und' : language, segments };
    } catch (err) {
      if (signal?.aborted) throw cancelReason(signal);
      throw err;
    } finally {
      await ctx.release().catch(() => undefined);
    }
  }
}
