/**
 * How long a file really lasts, from its packets, for files that do not say: a browser's
 * MediaRecorder WebM and anything piped out of FFmpeg state no duration, and raw AAC (ADTS) or an
 * MP3 without a Xing header only have ffprobe's guess from the bit rate (80 s guessed as 1080 s).
 * Every packet is read (not decoded): about as long as reading the file once.
 */
import { runTool } from './runner';

const num = (s: string | undefined): number | null => {
  if (s === undefined || s === '' || s === 'N/A') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
};

/** Seconds from the first packet to the end of the last one, or null when the file holds none. */
export async function measuredSpan(ffprobe: string, file: string, signal?: AbortSignal): Promise<number | null> {
  let first = Infinity;
  let last = -Infinity;
  let rest = '';
  const take = (line: string) => {
    const [pts, dts, dur] = line.split(',');
    const t = num(pts) ?? num(dts);
    if (t === null) return;
    first = Math.min(first, t);
    last = Math.max(last, t + (num(dur) ?? 0));
  };
  await runTool(ffprobe, ['-v', 'error', '-show_entries', 'packet=pts_time,dts_time,duration_time', '-of', 'csv=p=0', '--', file], {
    signal,
    what: 'Measuring the length',
    // Line by line: a long recording has millions of packets, never held as one string.
    onStdout: (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) take(l);
    },
  });
  take(rest);
  return last > first ? last - first : null;
}
