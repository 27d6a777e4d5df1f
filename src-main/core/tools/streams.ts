/**
 * Where each stream of a file really starts and ends. A container's duration is its longest
 * stream; real recorders write files whose audio stops early (a dropped microphone, a paused
 * screen recorder) or starts late (a slow audio device), so every check compares stream with
 * stream. Starts come from ffprobe's stream facts; ends are measured from the packets at the end
 * of the file (a window read without decoding, widened only while a stream has no packet in it),
 * so a header that claims more than the file holds is caught too.
 */
import type { StreamSpan, StreamType, MediaLayout } from './media-layout';
import { readLayout } from './layout-reader';
import { measuredSpan } from './measured-span';
import { type FfprobeOutput, type FfprobeStream, probeRaw, statedDuration, toMediaInfo } from './probe';
import { runTool } from './runner';

export type { MediaLayout, StreamSpan, StreamType } from './media-layout';

/** Tail windows tried in turn; the last one reads the whole file. */
const WINDOWS_SEC = [20, 120, 720, Infinity];

const num = (v: unknown): number | null => {
  const n = typeof v === 'string' || typeof v === 'number' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};

/** Matroska's per-track DURATION tag ("00:01:02.345000000"): the track's end on the file's timeline. */
function tagEnd(tags: Record<string, string> | undefined): number | null {
  const v = tags?.DURATION ?? tags?.duration;
  const m = v ? /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(v.trim()) : null;
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

type Tail = Map<number, { end: number; longest: number; reorder: number }>;

interface Packet {
  stream_index?: number;
  pts_time?: string;
  dts_time?: string;
  duration_time?: string;
}

function tailOf(packets: Packet[]): Tail {
  const out: Tail = new Map();
  for (const p of packets) {
    const dts = num(p.dts_time);
    const t = num(p.pts_time) ?? dts;
    if (p.stream_index === undefined || t === null) continue;
    const d = num(p.duration_time) ?? 0;
    const cur = out.get(p.stream_index);
    out.set(p.stream_index, {
      end: Math.max(cur?.end ?? -Infinity, t + d),
      longest: Math.max(cur?.longest ?? 0, d),
      reorder: Math.max(cur?.reorder ?? 0, dts !== null ? t - dts : 0),
    });
  }
  return out;
}

/**
 * One ffprobe: the file's facts and its packets from `fromSec` (absolute, as the file counts) to
 * the end; `fromSec` null: the facts only.
 */
type Read = FfprobeOutput & { packets?: Packet[]; estimated?: boolean };

async function readFile(ffprobe: string, file: string, fromSec: number | null, signal?: AbortSignal): Promise<Read> {
  const interval = fromSec !== null && fromSec > 0 ? ['-read_intervals', `${fromSec.toFixed(3)}%`] : [];
  const entries = fromSec === null ? 'format:stream' : 'format:stream:packet=stream_index,pts_time,dts_time,duration_time';
  const { stdout, stderr } = await runTool(ffprobe, ['-v', 'warning', ...interval, '-show_entries', entries, '-of', 'json', '--', file], {
    captureStdout: true,
    signal,
    what: 'Reading the media',
  });
  // Raw AAC and an MP3 without a Xing header state no length: ffprobe guesses one from the bit rate.
  return { ...(JSON.parse(stdout) as Read), estimated: /Estimating duration from bitrate/i.test(stderr) };
}

/**
 * The facts of a file (what probe() gives) plus the real span of every audio and picture stream.
 * `hintSec`: its duration if known (the catalog's, or what an output should last): then one
 * ffprobe usually answers everything, which matters when a spawn costs more than the reading.
 */
export async function inspectMedia(ffprobe: string, file: string, opts: { hintSec?: number; signal?: AbortSignal } = {}): Promise<MediaLayout> {
  const { signal } = opts;
  // Plain mp4/m4a and MP3 are read in-process (layout-reader.ts); RECLIB_PROBE=ffprobe always asks ffprobe.
  if (process.env.RECLIB_PROBE !== 'ffprobe') {
    signal?.throwIfAborted();
    const own = await readLayout(file);
    if (own) return own;
  }
  return inspectWithFfprobe(ffprobe, file, opts);
}

/** inspectMedia by ffprobe: the reference, and the reader for everything layout-reader.ts leaves. */
export async function inspectWithFfprobe(ffprobe: string, file: string, opts: { hintSec?: number; signal?: AbortSignal } = {}): Promise<MediaLayout> {
  const { signal } = opts;
  const hinted = opts.hintSec !== undefined && opts.hintSec > 0 ? opts.hintSec : null;
  let parsed: Read;
  try {
    parsed = await readFile(ffprobe, file, hinted === null ? null : hinted - WINDOWS_SEC[0]!, signal);
  } catch (err) {
    if (signal?.aborted) throw err;
    // The plain reason (truncated, not media, missing ...) comes from probe's reading of the error.
    await probeRaw(ffprobe, file, signal);
    throw err;
  }
  // A length the file does not state (or only guesses) is the catalog's, measured at import.
  const guessed = parsed.estimated === true || statedDuration(parsed) === null;
  const measured = guessed ? (hinted ?? (await measuredSpan(ffprobe, file, signal))) : null;
  const info = guessed && measured !== null ? { ...toMediaInfo(parsed, measured), durationSec: measured } : toMediaInfo(parsed);
  const base = num(parsed.format?.start_time) ?? 0;
  const counters: Record<StreamType, number> = { video: 0, audio: 0 };
  const wanted: (FfprobeStream & { type: StreamType; n: number })[] = [];
  for (const s of parsed.streams ?? []) {
    const type = s.codec_type === 'video' && !s.disposition?.attached_pic ? 'video' : s.codec_type === 'audio' ? 'audio' : null;
    if (type) wanted.push({ ...s, type, n: counters[type]++ });
  }
  const complete = (t: Tail) => wanted.every((s) => s.index !== undefined && t.has(s.index));
  // A stream with a packet in the tail that was read ends with its last one there. Streams with
  // none (one that stopped long before the end) need a wider tail, up to the whole file.
  let seen: Tail = new Map();
  /** Where what `seen` holds starts, on the file's timeline; Infinity: nothing read yet. */
  let coveredFrom = Infinity;
  if (hinted !== null) {
    seen = tailOf(parsed.packets ?? []);
    coveredFrom = Math.max(0, hinted - WINDOWS_SEC[0]! - base);
  }
  if (!complete(seen) && coveredFrom > 0) {
    for (const w of WINDOWS_SEC) {
      const from = Math.max(0, info.durationSec - w);
      if (from >= coveredFrom) continue;
      seen = tailOf((await readFile(ffprobe, file, from > 0 ? base + from : 0, signal)).packets ?? []);
      coveredFrom = from;
      if (from === 0 || complete(seen)) break;
    }
  }
  const streams = wanted.map((s): StreamSpan => {
    const start = (num(s.start_time) ?? base) - base;
    const p = s.index !== undefined ? seen.get(s.index) : undefined;
    const ownDuration = num(s.duration);
    const tagged = tagEnd(s.tags);
    const statedEnd = guessed ? null : ownDuration !== null ? start + ownDuration : tagged !== null ? tagged - base : null;
    return {
      type: s.type,
      n: s.n,
      codec: s.codec_name ?? 'unknown',
      sampleRate: num(s.sample_rate),
      startSec: Math.max(0, start),
      endSec: p ? Math.max(start, p.end - base) : Math.max(0, start),
      statedEndSec: statedEnd,
      packetSec: p?.longest ?? 0,
      reorderSec: p?.reorder ?? 0,
    };
  });
  return { info, durationSec: info.durationSec, streams };
}

/** m:ss (h:mm:ss past an hour), as people read times. */
export function clock(sec: number): string {
  const t = Math.max(0, Math.floor(sec));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = String(t % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * A source whose data stops well before its header says (a half-copied or half-downloaded file):
 * the plain sentence for people, the figures after a newline. Null when the file is whole. A
 * stream that simply ends before the others (audio shorter than the picture) is not damage: only
 * a stream falling short of its OWN stated end, or every stream short of the container's, is.
 */
export function sourceDamage(layout: MediaLayout): string | null {
  const short = (measured: number, stated: number) => stated - measured > Math.max(2, stated * 0.02);
  const say = (s: StreamSpan, stated: number) =>
    `The source file is damaged or incomplete (its ${s.type === 'video' ? 'video' : 'audio'} stops at ${clock(s.endSec)} of ${clock(stated)}). Re-import it from the original.\n` +
    `${s.type} stream ${s.n} (${s.codec}): last packet ends at ${s.endSec.toFixed(2)} s, the file states ${stated.toFixed(2)} s.`;
  for (const s of layout.streams) if (s.statedEndSec !== null && short(s.endSec, s.statedEndSec)) return say(s, s.statedEndSec);
  // Without a stated end per stream, the container's duration is the claim; it may also count a
  // subtitle or data track, so it is only used when no picture or sound track states its own.
  if (layout.streams.some((s) => s.statedEndSec !== null)) return null;
  const longest = layout.streams.reduce<StreamSpan | null>((a, s) => (a === null || s.endSec > a.endSec ? s : a), null);
  if (longest && short(longest.endSec, layout.durationSec)) return say(longest, layout.durationSec);
  return null;
}

/** How long a stream lasts inside [from, to] of the file's timeline. */
export function overlapSec(s: Pick<StreamSpan, 'startSec' | 'endSec'>, from: number, to: number): number {
  return Math.max(0, Math.min(s.endSec, to) - Math.max(s.startSec, from));
}
