/**
 * SRT and WebVTT files people already have (Zoom, Otter, YouTube, editors) -> master.json
 * segments. Tolerated: a BOM, CRLF or CR line ends, missing or non-numeric cue numbers, hours
 * left out ("01:02.500"), "." or "," before the milliseconds, cue settings after the times, NOTE /
 * STYLE / REGION blocks, HTML-like tags (<i>, <font>, <c.colour>, <v Speaker>), ASS overrides
 * ({\an8}), entities, and YouTube's rolling captions (each cue repeating the line before it, with
 * per-word <00:00:01.000> stamps, which become word times). Cues are never merged or reordered
 * beyond sorting by time, so a person's own segmentation is kept.
 */
import type { TranscriptSegment, TranscriptWord } from './engine';

export class SubtitleFormatError extends Error {
  override name = 'SubtitleFormatError';
}

const STAMP = String.raw`(?:(\d+):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})`;
const TIMING = new RegExp(String.raw`^\s*${STAMP}\s*-->\s*${STAMP}`);
const INLINE_STAMP = /<((?:\d+:)?\d{1,2}:\d{1,2}[.,]\d{1,3})>/g;

function seconds(h: string | undefined, m: string, s: string, frac: string): number {
  return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(s) + Number(frac.padEnd(3, '0')) / 1000;
}

export function parseStamp(text: string): number | null {
  const m = new RegExp(`^${STAMP}$`).exec(text.trim());
  return m ? seconds(m[1], m[2]!, m[3]!, m[4]!) : null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', lrm: '', rlm: '' };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/** Subtitle markup (SRT's HTML subset, WebVTT's tags); anything else in <> is text a person wrote. */
const MARKUP = /<\/?(?:i|b|u|s|font|c|v|lang|ruby|rt|span)(?:[.\s][^>]*)?>/gi;

/** Cue text without markup: a voice tag becomes "Name: ", other tags and ASS overrides go. */
export function cleanCueText(raw: string): string {
  return decodeEntities(
    raw
      .replace(/\{\\[^}]*\}/g, '')
      .replace(/<v(?:\.[^\s>]*)?\s+([^>]+)>/gi, '$1: ')
      .replace(INLINE_STAMP, ' ')
      .replace(MARKUP, ''),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

interface RawCue {
  start: number;
  end: number;
  lines: string[];
}

function blocks(text: string): string[][] {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const out: string[][] = [];
  let cur: string[] = [];
  for (const l of lines) {
    if (l.trim() === '') {
      if (cur.length) out.push(cur);
      cur = [];
    } else cur.push(l);
  }
  if (cur.length) out.push(cur);
  return out;
}

function rawCues(text: string): RawCue[] {
  const cues: RawCue[] = [];
  for (const b of blocks(text)) {
    const t = b.findIndex((l) => TIMING.test(l));
    // WEBVTT header, NOTE/STYLE/REGION blocks and stray text have no timing line: skipped.
    if (t < 0 || t > 1) continue;
    const m = TIMING.exec(b[t]!)!;
    const start = seconds(m[1], m[2]!, m[3]!, m[4]!);
    const end = seconds(m[5], m[6]!, m[7]!, m[8]!);
    cues.push({ start, end: Math.max(start, end), lines: b.slice(t + 1) });
  }
  return cues.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Word times from YouTube's "<00:00:01.000><c> word</c>" stamps, when the line has them. */
function stampedWords(line: string, start: number, end: number): TranscriptWord[] | null {
  if (!INLINE_STAMP.test(line)) return null;
  INLINE_STAMP.lastIndex = 0;
  const parts = line.split(INLINE_STAMP);
  const words: TranscriptWord[] = [];
  let at = start;
  for (let i = 0; i < parts.length; i += 2) {
    const text = cleanCueText(parts[i]!);
    const next = i + 1 < parts.length ? (parseStamp(parts[i + 1]!) ?? end) : end;
    const ws = text.split(' ').filter(Boolean);
    ws.forEach((w, k) => {
      const d = (next - at) / ws.length;
      words.push({ start: round3(at + k * d), end: round3(at + (k + 1) * d), word: w });
    });
    at = Math.max(at, next);
  }
  return words;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Reads SRT or VTT text into segments. Throws SubtitleFormatError when no cue with a time is
 * found, so a wrong file is refused rather than attached empty.
 */
export function readSubtitles(text: string): TranscriptSegment[] {
  const cues = rawCues(text);
  if (!cues.length) throw new SubtitleFormatError('No subtitles were found in this file: it has no cue with a time ("00:00:01,000 --> 00:00:02,000").');
  const segments: TranscriptSegment[] = [];
  let prevLines: string[] = [];
  for (const c of cues) {
    const cleaned = c.lines.map((l) => ({ raw: l, text: cleanCueText(l) })).filter((l) => l.text !== '');
    // Rolling captions (YouTube) repeat the previous cue's last line above the new one, and hold
    // it alone for a few milliseconds between cues: only the new lines count. A person's cue that
    // says the same thing twice ("Yes." / "Yes.") lasts longer than that and is kept.
    let skip = 0;
    if (cleaned.length > 1) while (skip < cleaned.length - 1 && prevLines.includes(cleaned[skip]!.text)) skip++;
    else if (cleaned.length === 1 && c.end - c.start <= 0.05 && prevLines.at(-1) === cleaned[0]!.text) skip = 1;
    const fresh = cleaned.slice(skip);
    prevLines = cleaned.map((l) => l.text);
    if (!fresh.length) continue;
    const text = fresh.map((l) => l.text).join(' ');
    const stamped = fresh.length === 1 ? stampedWords(fresh[0]!.raw, c.start, c.end) : null;
    segments.push({ start: round3(c.start), end: round3(c.end), text, words: stamped ?? [] });
  }
  return segments;
}
