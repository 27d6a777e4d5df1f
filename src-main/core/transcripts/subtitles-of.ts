/**
 * subtitles.srt / subtitles.vtt from master.json. master.json keeps times in seconds of the KEPT
 * video (DESIGN §6a): the file the recording plays (video.<ext> when it was trimmed, else the
 * source), which is also the timeline of audio.mp3, the audio the engines hear. So the subtitles
 * are master.json's segments as they are, only clipped to the played file's length: no shift, no
 * second timeline. (Earlier versions shifted master.json from the source's timeline and wrote
 * subtitles.source.*; a re-processing removes those.)
 */
import type { TranscriptSegment } from './engine';
import { cuesFromSegments, toSrt, toVtt } from './subtitle-write';

/** Segments inside [0, durationSec]: one that starts after the end is left out, one that runs over is cut. */
export function clipSegments(segments: readonly TranscriptSegment[], durationSec: number | null): TranscriptSegment[] {
  if (durationSec === null || !(durationSec > 0)) return [...segments];
  return segments
    .filter((s) => s.start < durationSec)
    .map((s) => (s.end > durationSec ? { ...s, end: durationSec, words: s.words.filter((w) => w.start < durationSec).map((w) => ({ ...w, end: Math.min(w.end, durationSec) })) } : s));
}

export interface SubtitleTexts {
  srt: string;
  vtt: string;
  cues: number;
}

export function subtitlesOf(segments: readonly TranscriptSegment[], durationSec: number | null): SubtitleTexts {
  const clipped = clipSegments(segments, durationSec);
  return { srt: toSrt(clipped), vtt: toVtt(clipped), cues: cuesFromSegments(clipped).length };
}

/** The stages' reason when a transcript gives no cue (sent as it is; src-shared/reasons.ts codes it). */
export const NO_SPEECH_HEARD = 'no speech was heard: the transcript has no segments, so no subtitles were made';

/**
 * The files to write for `subs`: none when there is no cue, since an empty subtitles file beside
 * the recording would tell players and people that there are subtitles when nothing was said.
 */
export function subtitleFiles(subs: SubtitleTexts): (readonly ['subtitles.srt' | 'subtitles.vtt', string])[] {
  return subs.cues > 0 ? [['subtitles.srt', subs.srt], ['subtitles.vtt', subs.vtt]] : [];
}
