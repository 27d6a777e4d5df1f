/**
 * Is a media file whole, or cut off (a half-finished download, an interrupted copy, a recorder that
 * died)? ffprobe reads a cut "faststart" mp4 happily: its index, written first, states the full
 * length while the data stops early. So the bytes present are compared with what the file states.
 *
 * Containers that state their own extent are checked without a process, from a few reads: ISO
 * media (mp4, mov, m4a: every chunk the sample index points at must lie inside the file), Matroska
 * and WebM (the segment size), WAV (the data chunk) and Ogg (the last page). Where the structure
 * cannot tell (mp3, flac, fragmented mp4, Matroska written live, ...) one ffprobe reads the packets
 * of the last seconds and checks that they reach the stated duration.
 */
import { inspectStructure } from './container-extent';

export const INCOMPLETE = 'truncated or incomplete download';

export type Completeness =
  | {
      complete: true;
      /** How it was decided: the container's own sizes, the packets at the end, or not at all. */
      how: 'structure' | 'packets' | 'unchecked';
      /** Why it could not be checked, for the log. */
      note?: string;
      /** The duration the probe gave is ffprobe's guess from the bit rate, not the file's: measure it. */
      estimated?: true;
    }
  | { complete: false; reason: string };

/** Packets may end a frame or an audio block before the stated duration; a cut loses far more. */
const TOLERANCE_SEC = 2;
/** How far before the stated end the packet check starts reading. */
const TAIL_SEC = 3;
const PACKET_CHECK_TIMEOUT_MS = 120_000;

function reasonOf(detail: string): string {
  return `${INCOMPLETE}: ${detail}; copy or download it again`;
}

/**
 * The reason a file that ffprobe could not open is unreadable, when that reason is that it was cut
 * off (an mp4 whose index, written last, never arrived); null for anything else.
 */
export async function truncationReason(file: string): Promise<string | null> {
  const v = await inspectStructure(file);
  return v.kind === 'cut' ? reasonOf(v.detail) : null;
}

/**
 * Checks that a readable media file holds all the media it states. `durationSec` (from the probe)
 * tells the packet check where the last seconds are.
 */
export async function checkCompleteness(ffprobe: string, file: string, opts: { durationSec: number; signal?: AbortSignal }): Promise<Completeness> {
  const v = await inspectStructure(file);
  if (v.kind === 'cut') return { complete: false, reason: reasonOf(v.detail) };
  if (v.kind === 'whole') return { complete: true, how: 'structure' };
  if (!v.packetsHelp) return { complete: true, how: 'unchecked', note: 'the container states no length of its own' };
  return packetCheck(ffprobe, file, opts.durationSec, opts.signal);
}
function num(s: string | undefined): number | null {
  if (s === undefined || s === '' || s === 'N/A') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function fields(line: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of line.split('|')) {
    const eq = part.indexOf('=');
    if (eq > 0) m.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return m;
}

async function packetCheck(ffprobe: string, file: string, durationSec: number, signal?: AbortSignal): Promise<Completeness> {
  const from = Math.max(0, durationSec - TAIL_SEC);
  // Loaded when a file needs ffprobe: most imports are decided from the container alone.
  const [{ spawn }, readline] = await Promise.all([import('node:child_process'), import('node:readline')]);
  return new Promise((resolve, reject) => {
    const child = spawn(
      ffprobe,
      ['-v', 'warning', '-read_intervals', `${from.toFixed(3)}%`, '-show_entries', 'packet=pts_time,dts_time,duration_time:format=start_time,duration', '-of', 'compact=p=0', '--', file],
      { stdio: ['ignore', 'pipe', 'pipe'], signal },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), PACKET_CHECK_TIMEOUT_MS);
    let lastEnd: number | null = null;
    let start = 0;
    let stated: number | null = null;
    let stderr = '';
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const f = fields(line);
      if (f.has('duration') && !f.has('pts_time')) {
        stated = num(f.get('duration'));
        start = num(f.get('start_time')) ?? 0;
        return;
      }
      const t = num(f.get('pts_time')) ?? num(f.get('dts_time'));
      if (t === null) return;
      const end = t + (num(f.get('duration_time')) ?? 0);
      if (lastEnd === null || end > lastEnd) lastEnd = end;
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 64 * 1024) stderr += d;
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      if (signal?.aborted) reject(err);
      else resolve({ complete: true, how: 'unchecked', note: `ffprobe could not run: ${err.message}` });
    });
    child.on('close', (code, sig) => {
      clearTimeout(timer);
      lines.close();
      if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
      if (code !== 0) {
        return resolve({ complete: true, how: 'unchecked', note: sig ? `the check was stopped (${sig})` : `ffprobe exited with ${code}: ${stderr.trim().split('\n').pop() ?? ''}` });
      }
      if (stated === null || stated <= 0) return resolve({ complete: true, how: 'unchecked', note: 'the file states no duration' });
      // A duration guessed from the bitrate (mp3 without a header, raw AAC) is not a statement to hold it to.
      if (/Estimating duration from bitrate/i.test(stderr)) return resolve({ complete: true, how: 'unchecked', note: 'its duration is an estimate', estimated: true });
      const covered = lastEnd === null ? null : lastEnd - start;
      if (covered !== null && covered + TOLERANCE_SEC >= stated) return resolve({ complete: true, how: 'packets' });
      const detail =
        covered === null
          ? `it has no media data after ${from.toFixed(1)} s, but the file says it lasts ${(stated as number).toFixed(1)} s`
          : `the media data ends at ${covered.toFixed(1)} s, but the file says it lasts ${(stated as number).toFixed(1)} s`;
      resolve({ complete: false, reason: reasonOf(detail) });
    });
  });
}
