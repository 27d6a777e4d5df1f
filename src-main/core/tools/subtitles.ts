/**
 * Reading master.json segments tolerantly (attach uses `readSegments` to tell a master transcript
 * from other JSON) and the older cue helpers. Processing and transcription now write subtitles
 * with transcripts/subtitles-of.ts: master.json keeps times in seconds of the KEPT video (DESIGN
 * §6a), so subtitles.srt/.vtt are its segments clipped to the played file, and no
 * subtitles.source.* copy is written any more. `shiftCues` stays for converting a transcript that
 * is known to be on the source's timeline.
 */
export interface Segment {
  start: number;
  end: number;
  text: string;
}

export interface Cue {
  start: number;
  end: number;
  lines: string[];
}

export const MAX_LINE = 42;
export const MAX_LINES = 2;

export class TranscriptError extends Error {
  override name = 'TranscriptError';
}

interface RawSegment {
  start?: unknown;
  end?: unknown;
  text?: unknown;
  words?: unknown;
}

const validSpan = (start: number, end: number) => Number.isFinite(start) && Number.isFinite(end) && start >= 0 && end >= start;

/**
 * A segment's times: its own, or — transcripts of the old system often keep times only on their
 * words — from its first word's start to its last word's end. Null when neither is usable.
 */
function timesOf(seg: RawSegment): { start: number; end: number } | null {
  const start = Number(seg.start);
  const end = Number(seg.end);
  if (validSpan(start, end)) return { start, end };
  if (!Array.isArray(seg.words)) return null;
  const words = (seg.words as { start?: unknown; end?: unknown }[]).map((w) => ({ start: Number(w?.start), end: Number(w?.end) })).filter((w) => validSpan(w.start, w.end));
  if (!words.length) return null;
  return { start: Math.min(...words.map((w) => w.start)), end: Math.max(...words.map((w) => w.end)) };
}

export interface Transcript {
  segments: Segment[];
  /** Segments with text but no usable times (neither their own nor their words'): left out of subtitles. */
  untimed: number[];
}

/**
 * Reads `{ segments: [...] }` or a bare array, tolerantly: a segment without times takes them from
 * its words, and one without any is left out (counted in `untimed`), so a legacy transcript never
 * stops a recording's processing. Refuses only what has no segment list at all.
 */
export function readTranscript(json: unknown): Transcript {
  const list = Array.isArray(json) ? json : json && typeof json === 'object' && Array.isArray((json as { segments?: unknown }).segments) ? (json as { segments: unknown[] }).segments : null;
  if (!list) throw new TranscriptError('master.json has no "segments" list');
  const segments: Segment[] = [];
  const untimed: number[] = [];
  for (const [i, s] of list.entries()) {
    const seg = (s && typeof s === 'object' ? s : {}) as RawSegment;
    const text = typeof seg.text === 'string' ? seg.text.replace(/\s+/g, ' ').trim() : '';
    if (!text) continue;
    const t = timesOf(seg);
    if (t) segments.push({ ...t, text });
    else untimed.push(i + 1);
  }
  return { segments: segments.sort((a, b) => a.start - b.start), untimed };
}

/** The strict reading (what our own engines write): every segment with text has valid times. */
export function readSegments(json: unknown): Segment[] {
  const { segments, untimed } = readTranscript(json);
  if (untimed.length) throw new TranscriptError(`segment ${untimed[0]} of master.json has no valid start and end`);
  return segments;
}

/** Greedy word wrap at `max` characters; a word longer than a line is split hard. */
export function wrapLines(text: string, max = MAX_LINE): string[] {
  const lines: string[] = [];
  let line = '';
  for (const raw of text.split(' ').filter(Boolean)) {
    let word = raw;
    while ([...word].length > max) {
      if (line) {
        lines.push(line);
        line = '';
      }
      const chars = [...word];
      lines.push(chars.slice(0, max).join(''));
      word = chars.slice(max).join('');
    }
    if (!line) line = word;
    else if ([...line].length + 1 + [...word].length <= max) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export function segmentsToCues(segments: Segment[], maxLines = MAX_LINES, maxLine = MAX_LINE): Cue[] {
  const cues: Cue[] = [];
  for (const seg of segments) {
    const lines = wrapLines(seg.text, maxLine);
    const groups: string[][] = [];
    for (let i = 0; i < lines.length; i += maxLines) groups.push(lines.slice(i, i + maxLines));
    const weights = groups.map((g) => g.reduce((a, l) => a + [...l].length, 0));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    let t = seg.start;
    for (const [i, g] of groups.entries()) {
      const end = i === groups.length - 1 ? seg.end : t + ((seg.end - seg.start) * (weights[i] ?? 0)) / total;
      cues.push({ start: t, end, lines: g });
      t = end;
    }
  }
  return cues;
}

/** Moves cues onto a trimmed file's timeline: shifted by keptStart, clipped to the kept range. */
export function shiftCues(cues: Cue[], keptStartSec: number, keptEndSec: number): Cue[] {
  const span = keptEndSec - keptStartSec;
  return cues
    .map((c) => ({ ...c, start: Math.max(0, c.start - keptStartSec), end: Math.min(span, c.end - keptStartSec) }))
    .filter((c) => c.end > c.start);
}

function stamp(sec: number, sep: ',' | '.'): string {
  const ms = Math.max(0, Math.round(sec * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const r = ms % 1000;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${sep}${String(r).padStart(3, '0')}`;
}

export function toSrt(cues: Cue[]): string {
  return cues.map((c, i) => `${i + 1}\n${stamp(c.start, ',')} --> ${stamp(c.end, ',')}\n${c.lines.join('\n')}\n`).join('\n');
}

export function toVtt(cues: Cue[]): string {
  return `WEBVTT\n\n${cues.map((c) => `${stamp(c.start, '.')} --> ${stamp(c.end, '.')}\n${c.lines.join('\n')}\n`).join('\n')}`;
}

/** Parses the stamps back (tests and the ffprobe-free check of what was written). */
export function parseStamp(s: string): number {
  const m = /^(\d+):(\d{2}):(\d{2})[.,](\d{3})$/.exec(s.trim());
  if (!m) return NaN;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4]) / 1000;
}
