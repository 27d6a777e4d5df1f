/**
 * The keyframe at or before a time. A stream-copy cut can only start on a keyframe; starting at
 * the one at or before the speech start guarantees no speech is lost (a few seconds more is fine).
 * Only the packets around the time are read (-read_intervals) and only keyframes are decoded
 * (-skip_frame nokey), so this costs milliseconds even in a two-hour recording.
 */
import { runTool } from './runner';

interface FrameRows {
  frames?: { pts_time?: string; best_effort_timestamp_time?: string }[];
  format?: { start_time?: string };
}

async function keyframesIn(ffprobe: string, file: string, from: number, to: number, signal?: AbortSignal): Promise<{ times: number[]; startTime: number }> {
  const { stdout } = await runTool(
    ffprobe,
    [
      '-v', 'error',
      '-select_streams', 'V:0',
      '-skip_frame', 'nokey',
      '-show_entries', 'frame=pts_time,best_effort_timestamp_time:format=start_time',
      '-read_intervals', `${from.toFixed(3)}%${to.toFixed(3)}`,
      '-of', 'json',
      file,
    ],
    { captureStdout: true, signal, what: 'Finding keyframes' },
  );
  const parsed = JSON.parse(stdout) as FrameRows;
  const startTime = Number(parsed.format?.start_time ?? 0) || 0;
  const times = (parsed.frames ?? [])
    .map((f) => Number(f.pts_time ?? f.best_effort_timestamp_time))
    .filter((t) => Number.isFinite(t))
    .map((t) => t - startTime);
  return { times, startTime };
}

/**
 * Seconds from the start of the file (format start_time subtracted, as `-ss` counts) of the last
 * keyframe at or before `t`; 0 when there is none before it.
 */
export async function keyframeAtOrBefore(ffprobe: string, file: string, t: number, signal?: AbortSignal): Promise<number> {
  if (t <= 0) return 0;
  for (const lookback of [20, 120, 600, Infinity]) {
    const from = Number.isFinite(lookback) ? Math.max(0, t - lookback) : 0;
    const { times } = await keyframesIn(ffprobe, file, from, t + 0.001, signal);
    const before = times.filter((k) => k <= t + 1e-3);
    if (before.length) return Math.max(0, Math.max(...before));
    if (from === 0) return 0;
  }
  return 0;
}
