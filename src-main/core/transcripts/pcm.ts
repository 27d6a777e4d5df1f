/**
 * Audio for the engines: ffmpeg decodes any input to 16 kHz mono 16-bit PCM on a pipe, and the
 * stream is cut into chunks at the quietest moment of a window, so an engine sees bounded pieces
 * (memory stays flat for a three-hour lecture, progress moves per chunk, and a cancel never waits
 * for a whole file). Chunks overlap a little; each owns the words whose middle falls inside its
 * keep window, so a word at a cut is counted once.
 */
import { cancelReason, TranscriptionError } from './engine';
import { killTree, spawnTool } from './tools';

export const SAMPLE_RATE = 16_000;
const BYTES_PER_SAMPLE = 2;
const FRAME = SAMPLE_RATE / 100; // 10 ms
const QUIET_WINDOW_FRAMES = 30; // 300 ms: a pause between words or sentences

export interface ChunkPlan {
  /** A cut is looked for between minSec and maxSec after the chunk's start. */
  minSec: number;
  maxSec: number;
  /** Audio added on both sides of a cut so the engine hears the edges in context. */
  overlapSec: number;
}

export interface AudioChunk {
  index: number;
  /** Time of the first sample of `pcm`, in seconds of the whole file. */
  fileStartSec: number;
  /** The words this chunk owns: midpoint in [keepFromSec, keepToSec). */
  keepFromSec: number;
  keepToSec: number;
  /** s16le, mono, 16 kHz. */
  pcm: Buffer;
  /** True for the chunk that ends the file. */
  last: boolean;
}

/** "Duration: 00:01:02.35" in ffmpeg's banner, in seconds. */
export function parseFfmpegDuration(text: string): number | null {
  const m = /Duration:\s*(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(text);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

/** Mean power of each 10 ms frame of `pcm` (s16le). */
function framePower(pcm: Buffer, fromSample: number, toSample: number): Float64Array {
  const frames = Math.max(0, Math.floor((toSample - fromSample) / FRAME));
  const out = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    const base = (fromSample + f * FRAME) * BYTES_PER_SAMPLE;
    for (let i = 0; i < FRAME; i++) {
      const v = pcm.readInt16LE(base + i * BYTES_PER_SAMPLE);
      sum += v * v;
    }
    out[f] = sum / FRAME;
  }
  return out;
}

/**
 * The sample (relative to `pcm`) at the middle of the quietest 300 ms between `fromSample` and
 * `toSample`. Ties go to the later moment, so chunks stay long.
 */
export function quietestCut(pcm: Buffer, fromSample: number, toSample: number): number {
  const power = framePower(pcm, fromSample, toSample);
  const w = Math.min(QUIET_WINDOW_FRAMES, power.length);
  if (w === 0) return toSample;
  let sum = 0;
  for (let i = 0; i < w; i++) sum += power[i]!;
  let best = sum;
  let bestAt = 0;
  for (let i = w; i < power.length; i++) {
    sum += power[i]! - power[i - w]!;
    if (sum <= best) {
      best = sum;
      bestAt = i - w + 1;
    }
  }
  return fromSample + (bestAt + Math.floor(w / 2)) * FRAME;
}

/** Wraps s16le mono 16 kHz samples in a 44-byte WAV header. */
export function wavFile(pcm: Buffer): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + pcm.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(SAMPLE_RATE, 24);
  h.writeUInt32LE(SAMPLE_RATE * BYTES_PER_SAMPLE, 28);
  h.writeUInt16LE(BYTES_PER_SAMPLE, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

/** The reason ffmpeg gave, in a sentence (the last meaningful stderr line). */
function decodeFailure(file: string, stderr: string, code: number | null): TranscriptionError {
  const known: [RegExp, string][] = [
    [/No such file or directory/i, 'the file does not exist'],
    [/Permission denied/i, 'permission denied'],
    [/does not contain any stream|matches no streams|Stream map '0:a:0' matches no streams/i, 'it has no audio track'],
    [/Invalid data found when processing input|could not find codec parameters|Failed to find two consecutive MPEG audio frames/i, 'it is damaged or not an audio file'],
  ];
  for (const [re, why] of known) if (re.test(stderr)) return new TranscriptionError(`Could not read the audio of ${file}: ${why}.`, 'BAD_AUDIO');
  const last = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .pop();
  return new TranscriptionError(`Could not read the audio of ${file}: FFmpeg stopped (exit ${code})${last ? `: ${last}` : ''}.`, 'BAD_AUDIO');
}

/**
 * Decodes `file` with ffmpeg and yields chunks as the audio arrives. ffmpeg is paused by the pipe
 * while the consumer works on a chunk, killed (with its group) if the consumer stops early or the
 * signal aborts, and always awaited before this generator finishes.
 */
export async function* decodeChunks(
  ffmpeg: string,
  file: string,
  plan: ChunkPlan,
  opts: { signal?: AbortSignal; onDuration?: (sec: number) => void } = {},
): AsyncGenerator<AudioChunk> {
  let banner = '';
  let durationSeen = false;
  const tool = spawnTool(ffmpeg, ['-hide_banner', '-nostdin', '-i', file, '-map', '0:a:0', '-vn', '-sn', '-dn', '-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1'], {
    signal: opts.signal,
    onStderr: (text) => {
      if (durationSeen || banner.length > 64 * 1024) return;
      banner += text;
      const d = parseFfmpegDuration(banner);
      if (d !== null) {
        durationSeen = true;
        opts.onDuration?.(d);
      }
    },
  });
  const minS = Math.round(plan.minSec * SAMPLE_RATE);
  const maxS = Math.round(plan.maxSec * SAMPLE_RATE);
  const overlapS = Math.round(plan.overlapSec * SAMPLE_RATE);
  let parts: Buffer[] = [];
  let buffered = 0; // bytes in parts
  let bufStart = 0; // absolute sample index of the first buffered sample
  let chunkStart = 0; // absolute sample index where the current keep window starts
  let index = 0;
  const joined = (): Buffer => {
    if (parts.length > 1) parts = [Buffer.concat(parts, buffered)];
    return parts[0] ?? Buffer.alloc(0);
  };
  let finished = false;
  try {
    for await (const data of tool.child.stdout! as AsyncIterable<Buffer>) {
      parts.push(data);
      buffered += data.length;
      while (bufStart + Math.floor(buffered / BYTES_PER_SAMPLE) >= chunkStart + maxS + overlapS) {
        const pcm = joined();
        const rel = (abs: number) => abs - bufStart;
        const cut = bufStart + quietestCut(pcm, rel(chunkStart + minS), rel(chunkStart + maxS));
        const from = Math.max(bufStart, chunkStart - overlapS);
        const to = cut + overlapS;
        yield {
          index: index++,
          fileStartSec: from / SAMPLE_RATE,
          keepFromSec: chunkStart / SAMPLE_RATE,
          keepToSec: cut / SAMPLE_RATE,
          pcm: Buffer.from(pcm.subarray(rel(from) * BYTES_PER_SAMPLE, rel(to) * BYTES_PER_SAMPLE)),
          last: false,
        };
        chunkStart = cut;
        const dropTo = Math.max(bufStart, cut - overlapS);
        parts = [pcm.subarray(rel(dropTo) * BYTES_PER_SAMPLE)];
        buffered = parts[0]!.length;
        bufStart = dropTo;
      }
    }
    const { code } = await tool.exit;
    if (opts.signal?.aborted) throw cancelReason(opts.signal);
    if (code !== 0) throw decodeFailure(file, tool.stderrTail(), code);
    const pcm = joined();
    const end = bufStart + Math.floor(pcm.length / BYTES_PER_SAMPLE);
    if (end === 0) throw new TranscriptionError(`Could not read the audio of ${file}: it holds no sound (zero length).`, 'BAD_AUDIO');
    const from = Math.max(bufStart, chunkStart - overlapS);
    finished = true;
    yield {
      index,
      fileStartSec: from / SAMPLE_RATE,
      keepFromSec: chunkStart / SAMPLE_RATE,
      keepToSec: Number.POSITIVE_INFINITY,
      pcm: Buffer.from(pcm.subarray((from - bufStart) * BYTES_PER_SAMPLE, Math.floor(pcm.length / BYTES_PER_SAMPLE) * BYTES_PER_SAMPLE)),
      last: true,
    };
  } catch (err) {
    if (opts.signal?.aborted) throw cancelReason(opts.signal);
    throw err;
  } finally {
    if (!finished) killTree(tool.child);
    await tool.exit;
  }
}
