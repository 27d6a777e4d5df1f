/**
 * Finds where speech starts and ends from the audio alone (`-vn`: the video is never decoded).
 * Only leading and trailing silence matter, so only the head and the tail are analysed: a short
 * window first, widened (up to settings.trim.windowSec) only while it is silent from edge to edge.
 * A recording whose speech starts in the first minute costs two one-minute decodes, whatever its
 * length; pauses in the middle are never looked at, so they can never be cut.
 */
import type { LibrarySettings } from '@shared/settings';
import { mixedAudio } from './audio-mix';
import { runFfmpeg } from './runner';

export type TrimSettings = LibrarySettings['trim'];

export interface SilenceInterval {
  start: number;
  /** null: still silent when the analysed range ended. */
  end: number | null;
}

export interface SpeechBounds {
  speechStartSec: number;
  speechEndSec: number;
  /** Seconds of audio decoded to find them (for the record and the benchmark). */
  analysedSec: number;
  /** Every speech edge was inside the analysed windows (false: a window limit was reached). */
  certain: boolean;
}

/** First analysis window; widened by 4x while it is silent edge to edge. */
export const FIRST_WINDOW_SEC = 60;
/** How close to a window edge a silence must reach to count as touching it (decoder rounding). */
const EDGE_SEC = 0.25;
/**
 * At the file's own start and end, a sound shorter than this before (after) a long silence is a
 * click of the recorder starting (stopping), not speech: the silence still counts as leading (trailing).
 * A click lasts milliseconds; a short word ("yes", "no") lasts 0.3 s and more above the threshold,
 * and taken for a click it was cut away, or a recording of only that word read as having no speech.
 * (Not below EDGE_SEC: a silence must still reach the end through the decoder's rounding.)
 */
export const CLICK_SEC = 0.25;

export function parseSilences(stderr: string): SilenceInterval[] {
  const out: SilenceInterval[] = [];
  for (const m of stderr.matchAll(/silence_(start|end): (-?[\d.]+)/g)) {
    const t = Math.max(0, Number(m[2]));
    if (m[1] === 'start') out.push({ start: t, end: null });
    else {
      const last = out[out.length - 1];
      if (last && last.end === null) last.end = t;
    }
  }
  return out;
}

/** What one window's analysis found: its silences, and where its sound ends (null: not reported). */
interface Analysed {
  silences: SilenceInterval[];
  soundEndSec: number | null;
}

async function analyse(ffmpeg: string, file: string, from: number, length: number, trim: TrimSettings, tracks: number, signal?: AbortSignal): Promise<Analysed> {
  const seek = from > 0 ? ['-ss', from.toFixed(3)] : [];
  let soundEndSec: number | null = null;
  const { stderr } = await runFfmpeg(
    ffmpeg,
    [
      ...seek,
      '-t', length.toFixed(3),
      '-i', file,
      // Speech on any track is speech; where a track has no samples (it starts late, or pauses)
      // there is no sound.
      ...mixedAudio(tracks, [`silencedetect=n=${trim.noiseDb}dB:d=${trim.minSilenceSec}`]),
      '-vn', '-sn', '-dn',
      '-f', 'null', '-',
    ],
    // The last progress report is where the audio of the window ended.
    { signal, captureStderr: true, what: 'Looking for silence', onProgress: (_f, t) => (soundEndSec = t) },
  );
  return { silences: parseSilences(stderr), soundEndSec };
}

const touchesEnd = (s: SilenceInterval, length: number, slack = EDGE_SEC) => s.end === null || s.end >= length - slack;

/**
 * Where a window's sound ends: its length, or earlier when the audio stops before the picture (a
 * screen recorder often stops the sound a second or two early). A silence that lasts until the
 * audio stops is trailing silence; sound until the audio stops keeps the picture after it.
 */
const soundEnd = (a: Analysed, length: number) => (a.soundEndSec !== null && a.soundEndSec > 0 ? Math.min(length, a.soundEndSec) : length);

export async function findSpeechBounds(
  ffmpeg: string,
  file: string,
  durationSec: number,
  trim: TrimSettings,
  signal?: AbortSignal,
  /** How many audio tracks the file has: all of them are listened to. */
  tracks = 1,
): Promise<SpeechBounds> {
  const limit = Math.min(trim.windowSec, durationSec);
  let analysedSec = 0;
  let certain = true;

  // Short recordings: one pass over the whole file answers both ends.
  if (durationSec <= 2 * FIRST_WINDOW_SEC) {
    const all = await analyse(ffmpeg, file, 0, durationSec + 1, trim, tracks, signal);
    analysedSec = durationSec;
    const end = soundEnd(all, durationSec);
    const first = all.silences[0];
    const last = all.silences[all.silences.length - 1];
    const lead = first && first.start <= CLICK_SEC ? first : null;
    if (lead && touchesEnd(lead, end, CLICK_SEC)) return { speechStartSec: durationSec, speechEndSec: durationSec, analysedSec, certain };
    const trail = last && touchesEnd(last, end, CLICK_SEC) ? last : null;
    return { speechStartSec: lead?.end ?? 0, speechEndSec: trail ? trail.start : durationSec, analysedSec, certain };
  }

  const head = async (): Promise<number> => {
    for (let len = Math.min(FIRST_WINDOW_SEC, limit); ; len = Math.min(len * 4, limit)) {
      const found = (await analyse(ffmpeg, file, 0, len, trim, tracks, signal)).silences;
      analysedSec += len;
      const first = found[0];
      if (!first || first.start > CLICK_SEC) return 0;
      if (!touchesEnd(first, len)) return first.end ?? len;
      if (len >= limit) {
        // Silent through the whole window: speech starts later than we are allowed to look, unless
        // the window was the whole file (then there is none).
        if (limit < durationSec) certain = false;
        return len;
      }
    }
  };
  const tail = async (): Promise<number> => {
    for (let len = Math.min(FIRST_WINDOW_SEC, limit); ; len = Math.min(len * 4, limit)) {
      const from = Math.max(0, durationSec - len);
      const found = await analyse(ffmpeg, file, from, len + 1, trim, tracks, signal);
      analysedSec += len;
      const last = found.silences[found.silences.length - 1];
      if (!last || !touchesEnd(last, soundEnd(found, durationSec - from), CLICK_SEC)) return durationSec;
      if (last.start > EDGE_SEC) return from + last.start;
      if (len >= limit) {
        if (limit < durationSec) certain = false;
        return from;
      }
    }
  };
  // The two ends are independent: analysed side by side.
  const [speechStartSec, end] = await Promise.all([head(), tail()]);
  return { speechStartSec, speechEndSec: Math.max(end, speechStartSec), analysedSec, certain };
}
