/**
 * Media as real recorders write it, made with ffmpeg's lavfi sources in the test itself: tiny
 * (160x90, 10 fps, a few seconds) so the whole matrix stays quick on a busy machine. Each source
 * has known silences and known stream spans, so what processing must keep is known in advance.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { tools } from '../media';

const run = promisify(execFile);

export interface Seg {
  tone: boolean;
  seconds: number;
}

/** 2 s silence, 3 s of "speech" (a tone), 2 s silence. */
export const SPEECH: Seg[] = [
  { tone: false, seconds: 2 },
  { tone: true, seconds: 3 },
  { tone: false, seconds: 2 },
];

export const FPS = 10;
/** Keyframe every 0.5 s. */
export const GOP_FRAMES = 5;

async function ffmpeg(args: string[]): Promise<void> {
  await run(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...args]);
}

export function lengthOf(segs: Seg[]): number {
  return segs.reduce((a, s) => a + s.seconds, 0);
}

/** A sine switched on and off per segment: exact, known silences. */
export function toneSource(segs: Seg[], freq = 440, rate = 48000): string[] {
  let t = 0;
  const on: string[] = [];
  for (const s of segs) {
    if (s.tone) on.push(`between(t,${t},${t + s.seconds})`);
    t += s.seconds;
  }
  return ['-f', 'lavfi', '-i', `sine=frequency=${freq}:sample_rate=${rate}:duration=${t},volume='if(${on.join('+') || '0'},0.5,0)':eval=frame`];
}

export function pictureSource(seconds: number, rate = FPS): string[] {
  return ['-f', 'lavfi', '-i', `testsrc2=size=160x90:rate=${rate}:duration=${seconds}`];
}

export const H264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-g', String(GOP_FRAMES)];
export const AAC = ['-c:a', 'aac', '-b:a', '48k'];

export async function make(file: string, args: string[]): Promise<string> {
  await ffmpeg([...args, file]);
  return file;
}

/**
 * A file written the way a browser's MediaRecorder (or a pipe) writes it: to a stream that cannot
 * seek back, so its header never gets the duration.
 */
export async function makeStreamed(file: string, args: string[], format: string): Promise<string> {
  const { stdout } = await promisify(execFile)(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args, '-f', format, 'pipe:1'], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  fs.writeFileSync(file, stdout);
  return file;
}

/**
 * Phones store rotation as the track's display matrix (tkhd), not in the picture. FFmpeg 5 cannot
 * write one from the command line, so the matrix of the first track is set to a 90° turn by hand,
 * byte for byte what a phone held upright writes.
 */
export function rotate90(file: string): void {
  const buf = fs.readFileSync(file);
  const at = buf.indexOf('tkhd', 0, 'latin1');
  if (at < 0) throw new Error(`no tkhd box in ${file}`);
  const body = at + 4;
  const version = buf[body];
  // version, flags, times, track id, reserved, duration, reserved, layer, group, volume, reserved
  const matrix = body + (version === 1 ? 52 : 40);
  const turn = [0, 0x10000, 0, 0xffff0000, 0, 0, 0, 0, 0x40000000];
  turn.forEach((v, i) => buf.writeUInt32BE(v, matrix + i * 4));
  fs.writeFileSync(file, buf);
}

export interface Probed {
  streams: { index: number; codec_type: string; codec_name: string; width?: number; height?: number; channels?: number; sample_rate?: string; side_data_list?: { rotation?: number }[]; disposition?: { attached_pic?: number } }[];
  format: { duration: string; start_time?: string };
}

/** The loudest sample of a file's audio, in dB below full scale (-91 for digital silence). */
export async function loudestDb(file: string): Promise<number> {
  const { stderr } = await run(tools.ffmpeg, ['-hide_banner', '-nostdin', '-i', file, '-map', '0:a:0', '-af', 'volumedetect', '-f', 'null', '-']);
  const m = /max_volume: (-?[\d.]+|-inf) dB/.exec(stderr);
  if (!m) throw new Error(`volumedetect said nothing for ${file}`);
  return m[1] === '-inf' ? -Infinity : Number(m[1]);
}

export async function probeFile(file: string): Promise<Probed> {
  const { stdout } = await run(tools.ffprobe, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', file]);
  return JSON.parse(stdout) as Probed;
}

export interface DecodedStream {
  type: 'video' | 'audio';
  /** Seconds, on the file's timeline, of its first decoded frame. */
  firstSec: number;
  /** From the first decoded frame's start to the last one's end. */
  lengthSec: number;
  /** "160x90" (after the display matrix is applied), video only. */
  dimensions?: string;
  sampleRate?: number;
  layout?: string;
  /** The checksum of its first decoded frame. */
  firstCrc: string;
}

export interface Decoded {
  /** What FFmpeg said at level "error" or worse: empty when the file plays cleanly. */
  errors: string;
  streams: DecodedStream[];
}

function parseFramecrc(text: string): { streams: DecodedStream[]; frames: Map<number, { sec: number; crc: string }[]> } {
  const head = new Map<number, Record<string, string>>();
  const frames = new Map<number, { sec: number; end: number; crc: string }[]>();
  for (const line of text.split('\n')) {
    const h = /^#(\w+) (\d+): (.*)$/.exec(line);
    if (h) {
      const i = Number(h[2]);
      head.set(i, { ...head.get(i), [h[1]!]: h[3]! });
      continue;
    }
    if (!line || line.startsWith('#')) continue;
    const [idx, , pts, dur, , crc] = line.split(',').map((x) => x.trim());
    const i = Number(idx);
    const [num, den] = (head.get(i)?.tb ?? '1/1').split('/').map(Number) as [number, number];
    const sec = (Number(pts) * num) / den;
    frames.set(i, [...(frames.get(i) ?? []), { sec, end: sec + (Number(dur) * num) / den, crc: crc ?? '' }]);
  }
  const streams = [...head.entries()].map(([i, h]): DecodedStream => {
    const f = frames.get(i) ?? [];
    const first = f.reduce<(typeof f)[number] | null>((a, x) => (a === null || x.sec < a.sec ? x : a), null);
    const end = Math.max(...f.map((x) => x.end));
    return {
      type: h.media_type === 'video' ? 'video' : 'audio',
      firstSec: first?.sec ?? 0,
      lengthSec: first ? end - first.sec : 0,
      dimensions: h.dimensions,
      sampleRate: h.sample_rate ? Number(h.sample_rate) : undefined,
      layout: h.channel_layout_name,
      firstCrc: first?.crc ?? '',
    };
  });
  return { streams, frames: new Map([...frames.entries()].map(([i, f]) => [i, f.map(({ sec, crc }) => ({ sec, crc }))])) };
}

/**
 * "Plays": one FFmpeg decodes every stream of every file to its end (framecrc: one line per
 * decoded frame with its time and checksum), computed here independently of the code under test.
 * `sourceAt`: also the first pictures of a source decoded from a time, their times counted from it.
 */
export async function decodeAll(
  files: string[],
  scratch: string,
  sourceAt?: { file: string; sec: number; frames: number },
): Promise<{ errors: string; decoded: Map<string, Decoded>; sourceFrames: { sec: number; crc: string }[] }> {
  const args = ['-hide_banner', '-nostdin', '-v', 'error'];
  files.forEach((f) => args.push('-i', f));
  if (sourceAt) args.push('-ss', sourceAt.sec.toFixed(6), '-i', sourceAt.file);
  const crc = (i: number) => path.join(scratch, `${i}.crc`);
  files.forEach((_, i) => args.push('-map', String(i), '-f', 'framecrc', crc(i)));
  if (sourceAt) args.push('-map', `${files.length}:V:0`, '-frames:v', String(sourceAt.frames), '-f', 'framecrc', crc(files.length));
  let errors = '';
  try {
    errors = (await run(tools.ffmpeg, args)).stderr.trim();
  } catch (err) {
    errors = `exit ${String((err as { code?: unknown }).code)}: ${String((err as { stderr?: unknown }).stderr ?? err)}`;
  }
  const read = (i: number) => (fs.existsSync(crc(i)) ? fs.readFileSync(crc(i), 'utf8') : '');
  const decoded = new Map(files.map((f, i) => [path.basename(f), { errors, streams: parseFramecrc(read(i)).streams }]));
  const sourceFrames = sourceAt ? (parseFramecrc(read(files.length)).frames.get(0) ?? []) : [];
  return { errors, decoded, sourceFrames };
}
