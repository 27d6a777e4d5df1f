/**
 * Where a stream-copy cut can start at or before a time. A copy can only start on a keyframe;
 * starting at the one at or before the speech start guarantees no speech is lost (a few seconds
 * more is fine). Keyframes are read from the packets' flags near the time (-read_intervals, no
 * decoding: some decoders, VP9 among them, ignore -skip_frame and would call every frame a key).
 *
 * The cut point is the keyframe's DECODE time: with B-frames (x264 and x265 defaults, phones, OBS)
 * a keyframe is decoded before it is shown, and FFmpeg's copy starts at decode times. Cutting
 * there keeps the keyframe, starts every stream at the same instant (picture and sound stay in
 * sync), and makes that instant the trimmed file's zero: the kept start that subtitles shift by.
 */
import { readKeyPackets } from './layout-reader';
import type { KeyPacket } from './media-layout';
import { runTool } from './runner';

interface PacketRows {
  packets?: { pts_time?: string; dts_time?: string; flags?: string }[];
  format?: { start_time?: string };
}

export type { KeyPacket } from './media-layout';

export async function keyPacketsIn(ffprobe: string, file: string, from: number, to: number, signal?: AbortSignal): Promise<KeyPacket[]> {
  // A plain mp4's keyframes are in its index (stss): no process (RECLIB_PROBE=ffprobe asks ffprobe).
  if (process.env.RECLIB_PROBE !== 'ffprobe') {
    signal?.throwIfAborted();
    const own = await readKeyPackets(file, from, to);
    if (own) return own;
  }
  const read = async (shift: number) => {
    const { stdout } = await runTool(
      ffprobe,
      [
        '-v', 'error',
        '-select_streams', 'V:0',
        '-show_entries', 'packet=pts_time,dts_time,flags:format=start_time',
        '-read_intervals', `${(from + shift).toFixed(3)}%${(to + shift).toFixed(3)}`,
        '-of', 'json',
        file,
      ],
      { captureStdout: true, signal, what: 'Finding keyframes' },
    );
    return JSON.parse(stdout) as PacketRows;
  };
  let parsed = await read(0);
  const base = Number(parsed.format?.start_time ?? 0) || 0;
  // -read_intervals counts on the file's own clock: a file that starts at 3601.35 s (an MPEG-TS from
  // a broadcast or a camera) is read again from its start plus the times asked for.
  if (Math.abs(base) > 0.001) parsed = await read(base);
  const out: KeyPacket[] = [];
  for (const p of parsed.packets ?? []) {
    if (!p.flags?.includes('K')) continue;
    const dts = Number(p.dts_time);
    // AVI stores decode times only: a keyframe is then shown when it is decoded.
    const pts = Number.isFinite(Number(p.pts_time)) ? Number(p.pts_time) : dts;
    if (!Number.isFinite(pts)) continue;
    out.push({ pts: pts - base, cut: (Number.isFinite(dts) ? Math.min(pts, dts) : pts) - base });
  }
  return out;
}

/** The cut point of the last keyframe shown at or before `t` among `keys`; null when there is none. */
export function lastKeyCut(keys: KeyPacket[], t: number): number | null {
  const before = keys.filter((k) => k.pts <= t + 1e-3);
  if (!before.length) return null;
  return Math.max(0, before.reduce((a, k) => (k.pts > a.pts ? k : a)).cut);
}

/**
 * Seconds from the start of the file (format start_time subtracted, as `-ss` counts) where a copy
 * that keeps the last keyframe shown at or before `t` starts; 0 when there is none before it.
 */
export async function keyframeAtOrBefore(ffprobe: string, file: string, t: number, signal?: AbortSignal): Promise<number> {
  if (t <= 0) return 0;
  for (const lookback of [20, 120, 600, Infinity]) {
    const from = Number.isFinite(lookback) ? Math.max(0, t - lookback) : 0;
    const cut = lastKeyCut(await keyPacketsIn(ffprobe, file, from, t + 0.001, signal), t);
    if (cut !== null) return cut;
    if (from === 0) return 0;
  }
  return 0;
}
