/**
 * SRT and WebVTT from master.json segments. A cue shows at most 2 lines of 42 characters; a
 * longer segment becomes several cues. Where the segment has timed words, a cue starts and ends
 * with its own words' times; otherwise the segment's time is shared by the characters each cue
 * shows. No word is ever dropped, and cues never overlap or run backwards.
 */
import type { TranscriptSegment } from './engine';

export interface Cue {
  start: number;
  end: number;
  lines: string[];
}

export const MAX_LINE = 42;
export const MAX_LINES = 2;

const len = (s: string) => [...s].length;

/** Greedy wrap at `max` characters; a word longer than a line is split hard. */
export function wrapText(text: string, max = MAX_LINE): string[] {
  const lines: string[] = [];
  let line = '';
  for (const raw of text.split(/\s+/).filter(Boolean)) {
    let word = raw;
    while (len(word) > max) {
      if (line) lines.push(line);
      line = '';
      lines.push([...word].slice(0, max).join(''));
      word = [...word].slice(max).join('');
    }
    if (!line) line = word;
    else if (len(line) + 1 + len(word) <= max) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Where each cue of a segment starts and ends: word times when they cover the text, else characters. */
function cueTimes(seg: TranscriptSegment, groups: string[][]): [number, number][] {
  const tokens = groups.map((g) => g.join(' ').split(/\s+/).filter(Boolean).length);
  const totalTokens = tokens.reduce((a, b) => a + b, 0);
  const words = seg.words.length === totalTokens ? seg.words : null;
  const out: [number, number][] = [];
  if (words) {
    let i = 0;
    for (const n of tokens) {
      out.push([words[i]!.start, words[i + n - 1]!.end]);
      i += n;
    }
  } else {
    const weights = groups.map((g) => g.reduce((a, l) => a + len(l), 0));
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    let t = seg.start;
    for (const w of weights) {
      const end = t + ((seg.end - seg.start) * w) / total;
      out.push([t, end]);
      t = end;
    }
  }
  // The first cue starts with the segment and the last ends with it; gaps between words stay shown.
  out[0]![0] = seg.start;
  out[out.length - 1]![1] = seg.end;
  for (let i = 1; i < out.length; i++) out[i - 1]![1] = out[i]![0] = Math.max(out[i - 1]![0], out[i]![0]);
  return out;
}

export function cuesFromSegments(segments: readonly TranscriptSegment[], maxLines = MAX_LINES, maxLine = MAX_LINE): Cue[] {
  const cues: Cue[] = [];
  const sorted = [...segments].filter((s) => s.text.trim() && s.end >= s.start).sort((a, b) => a.start - b.start);
  for (const seg of sorted) {
    const lines = wrapText(seg.text, maxLine);
    const groups: string[][] = [];
    for (let i = 0; i < lines.length; i += maxLines) groups.push(lines.slice(i, i + maxLines));
    const times = cueTimes(seg, groups);
    groups.forEach((g, i) => cues.push({ start: times[i]![0], end: times[i]![1], lines: g }));
  }
  // Overlapping segments (an attached file, two speakers): a cue ends when the next one starts.
  for (let i = 1; i < cues.length; i++) if (cues[i - 1]!.end > cues[i]!.start) cues[i - 1]!.end = Math.max(cues[i - 1]!.start, cues[i]!.start);
  return cues;
}

export function formatStamp(sec: number, sep: ',' | '.'): string {
  const ms = Math.max(0, Math.round(sec * 1000));
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(Math.floor(ms / 3_600_000))}:${p(Math.floor((ms % 3_600_000) / 60_000))}:${p(Math.floor((ms % 60_000) / 1000))}${sep}${p(ms % 1000, 3)}`;
}

/** VTT cue text must not contain "-->" and treats < and & as markup. */
function vttEscape(line: string): string {
  return line.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function toSrt(segments: readonly TranscriptSegment[]): string {
  return cuesFromSegments(segments)
    .map((c, i) => `${i + 1}\n${formatStamp(c.start, ',')} --> ${formatStamp(c.end, ',')}\n${c.lines.join('\n')}\n`)
    .join('\n');
}

export function toVtt(segments: readonly TranscriptSegment[]): string {
  const body = cuesFromSegments(segments)
    .map((c) => `${formatStamp(c.start, '.')} --> ${formatStamp(c.end, '.')}\n${c.lines.map(vttEscape).join('\n')}\n`)
    .join('\n');
  return `WEBVTT\n\n${body}`;
}
