/**
 * Two timelines a transcript's times can be on: the SOURCE (the recording as it was made, which is
 * what Zoom, Otter and YouTube exports refer to) and the KEPT video (what the player plays once
 * processing cut the silence; master.json's timeline, DESIGN §6a). Processing keeps one range of
 * the source (recordings.kept_start_ms..kept_end_ms; leading and trailing silence go), but the
 * mapping takes a list of kept ranges, so a cut inside the recording would map the same way.
 *
 * A segment (or word) entirely in removed silence is dropped; one partly in it is clipped to what
 * was kept. A segment whose words were partly dropped says only the words that are left.
 */
import type { TranscriptSegment, TranscriptWord } from './engine';
import { type MasterSegment, type MasterTranscript, withoutMadeFrom } from './master';
import { joinWords } from './segmenter';

/** The source-timeline original of an attached transcript, beside master.json in transcription/. */
export const SOURCE_MASTER = 'source.json';

/** What the times of an attached file refer to. */
export const TIMELINES = ['source', 'processed'] as const;
export type Timeline = (typeof TIMELINES)[number];

/** A kept range of the source, in source seconds; the kept video is these ranges one after another. */
export interface KeptRange {
  startSec: number;
  endSec: number;
}

export interface MapResult {
  master: MasterTranscript;
  /** Segments that fell entirely in removed parts of the source. */
  dropped: number;
  /** Segments cut short because part of them was removed. */
  clipped: number;
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The kept ranges of a recording from its row: one range when processing cut it, null when the
 * kept video is the source itself (not processed, or nothing cut).
 */
export function keptRangesOf(row: { keptStartMs: number | null; keptEndMs: number | null }): KeptRange[] | null {
  if (row.keptStartMs === null || row.keptEndMs === null || row.keptEndMs <= row.keptStartMs) return null;
  return [{ startSec: row.keptStartMs / 1000, endSec: row.keptEndMs / 1000 }];
}

/** [start, end] of the source mapped onto the kept video, or null when none of it was kept. */
export function mapSpan(start: number, end: number, ranges: readonly KeptRange[]): { start: number; end: number; clipped: boolean } | null {
  let offset = 0; // kept seconds before the current range
  let from: number | null = null;
  let to = 0;
  let kept = 0;
  for (const r of ranges) {
    const a = Math.max(start, r.startSec);
    const b = Math.min(end, r.endSec);
    // A zero-length span (a word stamped at one instant) counts when it sits inside a range.
    if (b > a || (start === end && start >= r.startSec && start <= r.endSec)) {
      from ??= offset + (a - r.startSec);
      to = offset + (b - r.startSec);
      kept += b - a;
    }
    offset += r.endSec - r.startSec;
  }
  if (from === null) return null;
  return { start: r3(from), end: r3(Math.max(from, to)), clipped: kept < end - start - 1e-6 };
}

function mapWords(words: readonly TranscriptWord[], ranges: readonly KeptRange[]): TranscriptWord[] {
  const out: TranscriptWord[] = [];
  for (const w of words) {
    const m = mapSpan(w.start, w.end, ranges);
    if (m) out.push({ ...w, start: m.start, end: m.end });
  }
  return out;
}

/** Every segment and word of `m` (source timeline) moved onto the kept video of `ranges`. */
export function mapToKept(m: MasterTranscript, ranges: readonly KeptRange[]): MapResult {
  let dropped = 0;
  let clipped = 0;
  const segments: MasterSegment[] = [];
  for (const s of m.segments) {
    const span = mapSpan(s.start, s.end, ranges);
    if (!span) {
      dropped++;
      continue;
    }
    const words = mapWords(s.words, ranges);
    // A segment keeps its own text unless words of it were removed: then it says what is left.
    const text = words.length < s.words.length && words.length > 0 ? joinWords(words.map((w) => w.word)) : s.text;
    if (span.clipped) clipped++;
    segments.push({ ...s, start: span.start, end: span.end, text, words });
  }
  return { master: { ...withoutMadeFrom(m), segments: segments.map((s, i) => ({ ...s, id: i })) }, dropped, clipped };
}

/** Kept-video times back onto the source (the inverse of mapToKept for times inside the kept video). */
export function keptToSource(m: MasterTranscript, ranges: readonly KeptRange[]): MasterTranscript {
  const back = (t: number): number => {
    let offset = 0;
    for (const r of ranges) {
      const len = r.endSec - r.startSec;
      if (t <= offset + len) return r3(r.startSec + (t - offset));
      offset += len;
    }
    // Past the kept video's end: after the last range (mapping it forward clips or drops it).
    const last = ranges[ranges.length - 1];
    return last ? r3(last.endSec + (t - offset)) : t;
  };
  const seg = (s: TranscriptSegment) => ({ start: back(s.start), end: back(s.end), words: s.words.map((w) => ({ ...w, start: back(w.start), end: back(w.end) })) });
  return { ...withoutMadeFrom(m), segments: m.segments.map((s) => ({ ...s, ...seg(s) })) };
}
