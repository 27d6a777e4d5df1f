/**
 * The offline engine: CMU PocketSphinx from Debian (`pocketsphinx` + `pocketsphinx-en-us`),
 * run as `pocketsphinx_continuous -infile chunk.wav -time yes` on chunks of about a minute cut
 * at quiet moments (pcm.ts). One process per chunk keeps memory flat (its lattice grows with the
 * utterance, and room noise can keep an utterance open for minutes), gives progress per chunk,
 * and lets a cancel kill a short-lived process. Measured here: ~0.8 s start-up per chunk against
 * ~15 s of decoding per minute of speech, so the chunking costs about 5 %.
 *
 * Output parsing: with -time yes it prints, per utterance, the hypothesis line and then one line
 * per word: `word start end posterior`. Times are in seconds of the input (frame numbers / 100);
 * `end` is the start of the word's last 10 ms frame, so a word lasts until end + 0.01. Fillers
 * (<s>, </s>, <sil>, [NOISE], ++GARBAGE++) are dropped; alternate pronunciations lose their
 * "(2)". The posterior is the word's probability in the decoding lattice, exp(log posterior),
 * which PocketSphinx computes in log base 1.0001 and so can print as 1.000100: it is clamped to
 * 0..1 and kept as `p` with three decimals.
 */
import { existsSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type Availability, cancelReason, type TranscribeOptions, TranscriptionError, type TranscriptionEngine, type TranscriptionResult, type TranscriptWord, throwIfCancelled } from './engine';
import { type ChunkPlan, decodeChunks, wavFile } from './pcm';
import { DEFAULT_RULES, groupWords, type SegmentRules } from './segmenter';
import { FFMPEG_HOW_TO_FIX, findOnPath, resolveFfmpeg, runTool } from './tools';

export const POCKETSPHINX_BIN = 'pocketsphinx_continuous';

/** About a minute per process, cut in the quietest 300 ms between 45 s and 75 s. */
export const POCKETSPHINX_CHUNKS: ChunkPlan = { minSec: 45, maxSec: 75, overlapSec: 0.3 };

export interface PocketsphinxModel {
  /** Acoustic model folder (holds mdef, means, ...). */
  hmm: string;
  lm: string;
  dict: string;
}

export interface PocketsphinxOptions {
  env?: NodeJS.ProcessEnv;
  /** ffmpeg to decode with (the app passes its own); else FFMPEG_BIN or PATH. */
  ffmpeg?: string;
  /** A folder laid out like /usr/share/pocketsphinx/model/en-us. */
  modelDir?: string;
  chunks?: ChunkPlan;
  rules?: SegmentRules;
}

const INSTALL = 'Install CMU PocketSphinx with its US English model: `sudo apt install pocketsphinx pocketsphinx-en-us` (Debian/Ubuntu).';

function modelIn(dir: string): PocketsphinxModel | null {
  const m = { hmm: path.join(dir, 'en-us'), lm: path.join(dir, 'en-us.lm.bin'), dict: path.join(dir, 'cmudict-en-us.dict') };
  try {
    return statSync(path.join(m.hmm, 'mdef')).isFile() && statSync(m.lm).isFile() && statSync(m.dict).isFile() ? m : null;
  } catch {
    return null;
  }
}

/** Where the en-us model can be: the option, POCKETSPHINX_MODEL_DIR, beside the binary, the usual prefixes. */
export function modelCandidates(bin: string | null, opts: PocketsphinxOptions): string[] {
  const env = opts.env ?? process.env;
  const list: string[] = [];
  if (opts.modelDir) return [opts.modelDir];
  if (env.POCKETSPHINX_MODEL_DIR) list.push(env.POCKETSPHINX_MODEL_DIR);
  if (bin) list.push(path.join(path.dirname(path.dirname(bin)), 'share', 'pocketsphinx', 'model', 'en-us'));
  list.push('/usr/share/pocketsphinx/model/en-us', '/usr/local/share/pocketsphinx/model/en-us', '/opt/homebrew/share/pocketsphinx/model/en-us');
  return [...new Set(list)];
}

const FILLER = /^(<.*>|\[.*\]|\+\+.*\+\+|\+.*\+)$/;
const WORD_LINE = /^(\S+) (\d+\.\d+) (\d+\.\d+) (-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/i;

/** Words from pocketsphinx_continuous -time yes output, shifted by `offsetSec`. */
export function parsePocketsphinx(stdout: string, offsetSec = 0): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  for (const raw of stdout.split('\n')) {
    const m = WORD_LINE.exec(raw.trim());
    if (!m) continue;
    const token = m[1]!;
    if (FILLER.test(token)) continue;
    const word = token.replace(/\(\d+\)$/, '');
    const start = Number(m[2]) + offsetSec;
    const end = Number(m[3]) + 0.01 + offsetSec;
    const post = Number(m[4]);
    const p = Math.round(Math.min(1, Math.max(0, Number.isFinite(post) ? post : 0)) * 1000) / 1000;
    words.push({ start: round3(start), end: round3(Math.max(end, start)), word, p });
  }
  return words;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export class PocketsphinxEngine implements TranscriptionEngine {
  readonly name = 'pocketsphinx';
  readonly model = 'en-us';

  constructor(private readonly opts: PocketsphinxOptions = {}) {}

  languages(): readonly string[] {
    return ['en'];
  }

  private locate(): { ok: true; bin: string; model: PocketsphinxModel; ffmpeg: string } | { ok: false; reason: string; howToFix: string } {
    const env = this.opts.env ?? process.env;
    const bin = findOnPath(POCKETSPHINX_BIN, env);
    if (!bin) return { ok: false, reason: `PocketSphinx is not installed: ${POCKETSPHINX_BIN} is not on the PATH.`, howToFix: INSTALL };
    const dirs = modelCandidates(bin, this.opts);
    const model = dirs.map(modelIn).find((m) => m !== null) ?? null;
    if (!model) {
      return {
        ok: false,
        reason: `PocketSphinx's US English model was not found (looked in ${dirs.join(', ')}).`,
        howToFix: 'Install it with `sudo apt install pocketsphinx-en-us`, or set POCKETSPHINX_MODEL_DIR to a folder holding en-us/, en-us.lm.bin and cmudict-en-us.dict.',
      };
    }
    const ffmpeg = resolveFfmpeg(env, this.opts.ffmpeg);
    if (!ffmpeg) return { ok: false, reason: 'FFmpeg was not found; PocketSphinx needs it to read the audio.', howToFix: FFMPEG_HOW_TO_FIX };
    return { ok: true, bin, model, ffmpeg };
  }

  async available(): Promise<Availability> {
    const found = this.locate();
    if (!found.ok) return { ok: false, engine: this.name, reason: found.reason, howToFix: found.howToFix };
    return { ok: true, engine: this.name, model: this.model, detail: `${found.bin} with the model in ${path.dirname(found.model.hmm)}` };
  }

  async transcribe(audioFile: string, opts: TranscribeOptions = {}): Promise<TranscriptionResult> {
    const { signal } = opts;
    throwIfCancelled(signal);
    const lang = (opts.language ?? 'auto').toLowerCase();
    if (lang !== 'auto' && lang !== 'en' && !lang.startsWith('en-')) {
      throw new TranscriptionError(`PocketSphinx transcribes English only, not "${opts.language}".`, 'LANGUAGE', 'Choose English, or the Whisper engine for other languages.');
    }
    const found = this.locate();
    if (!found.ok) throw new TranscriptionError(found.reason, 'UNAVAILABLE', found.howToFix);
    if (!existsSync(audioFile)) throw new TranscriptionError(`Could not read the audio of ${audioFile}: the file does not exist.`, 'BAD_AUDIO');

    const base = opts.tempDir ?? os.tmpdir();
    await fs.mkdir(base, { recursive: true });
    const scratch = await fs.mkdtemp(path.join(base, 'pocketsphinx-'));
    let totalSec: number | null = opts.durationSec ?? null;
    const words: TranscriptWord[] = [];
    try {
      const chunks = decodeChunks(found.ffmpeg, audioFile, this.opts.chunks ?? POCKETSPHINX_CHUNKS, {
        signal,
        onDuration: (d) => {
          totalSec ??= d;
        },
      });
      for await (const chunk of chunks) {
        const wav = path.join(scratch, `chunk-${chunk.index}.wav`);
        await fs.writeFile(wav, wavFile(chunk.pcm));
        const res = await runTool(found.bin, ['-infile', wav, '-time', 'yes', '-hmm', found.model.hmm, '-lm', found.model.lm, '-dict', found.model.dict], { signal, env: this.opts.env });
        await fs.rm(wav, { force: true });
        if (res.code !== 0) {
          const why = res.stderr
            .split('\n')
            .filter((l) => /ERROR|FATAL/.test(l))
            .pop();
          throw new TranscriptionError(`PocketSphinx failed (exit ${res.code ?? res.signal})${why ? `: ${why.replace(/^\S+:\s*\S+\(\d+\):\s*/, '')}` : ''}.`, 'ENGINE_FAILED');
        }
        for (const w of parsePocketsphinx(res.stdout, chunk.fileStartSec)) {
          const mid = (w.start + w.end) / 2;
          if (mid >= chunk.keepFromSec && mid < chunk.keepToSec) words.push(w);
        }
        const doneSec = chunk.last ? chunk.fileStartSec + chunk.pcm.length / 32_000 : chunk.keepToSec;
        if (chunk.last && totalSec === null) totalSec = doneSec;
        opts.onProgress?.({ doneSec: round3(doneSec), totalSec });
      }
      throwIfCancelled(signal);
      return { language: 'en', segments: groupWords(words, this.opts.rules ?? DEFAULT_RULES) };
    } catch (err) {
      if (signal?.aborted) throw cancelReason(signal);
      throw err;
    } finally {
      await fs.rm(scratch, { recursive: true, force: true });
    }
  }
}
