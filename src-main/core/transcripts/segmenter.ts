/**
 * Words -> segments, for engines that give a stream of timed words (PocketSphinx, whisper.cpp
 * run word by word): a segment ends at a pause, after a sentence's last word, or before it
 * would grow longer than a subtitle-sized stretch. Text is rebuilt from the words with spaces,
 * except between CJK characters, which are written without them.
 */
import type { TranscriptSegment, TranscriptWord } from './engine';

export interface SegmentRules {
  /** A silence longer than this between two words always starts a new segment. */
  pauseSec: number;
  /** A shorter pause (a sentence break in fluent speech) ends a segment already this long. */
  softPauseSec: number;
  softMinSec: number;
  /** A segment never spans more than this; a longer run is split at its widest pause. */
  maxSec: number;
  /** After a word ending a sentence (. ! ? …), a segment at least this long is closed. */
  sentenceMinSec: number;
}

export const DEFAULT_RULES: SegmentRules = { pauseSec: 0.6, softPauseSec: 0.3, softMinSec: 4, maxSec: 12, sentenceMinSec: 1.5 };

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const SENTENCE_END = /[.!?…。！？]["'»”)\]]*$/u;

export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK.test(ch);
}

/** Joins words with spaces, leaving none between two CJK characters. */
export function joinWords(words: readonly string[]): string {
  let out = '';
  for (const w of words) {
    if (!w) continue;
    if (!out) out = w;
    else if (isCjk([...out].pop()) && isCjk([...w][0])) out += w;
    else out += ` ${w}`;
  }
  return out;
}

export function groupWords(words: readonly TranscriptWord[], rules: SegmentRules = DEFAULT_RULES): TranscriptSegment[] {
  const sorted = [...words].filter((w) => w.word.trim() !== '').sort((a, b) => a.start - b.start || a.end - b.end);
  const segments: TranscriptSegment[] = [];
  let cur: TranscriptWord[] = [];
  const emit = (ws: TranscriptWord[]) => {
    if (ws.length) segments.push({ start: ws[0]!.start, end: Math.max(...ws.map((w) => w.end)), text: joinWords(ws.map((w) => w.word)), words: ws });
  };
  for (const w of sorted) {
    const prev = cur[cur.length - 1];
    if (prev) {
      const gap = w.start - prev.end;
      const span = prev.end - cur[0]!.start;
      const sentenceDone = SENTENCE_END.test(prev.word) && span >= rules.sentenceMinSec;
      if (gap > rules.pauseSec || (gap > rules.softPauseSec && span >= rules.softMinSec) || sentenceDone) {
        emit(cur);
        cur = [];
      } else if (w.end - cur[0]!.start > rules.maxSec) {
        // Too long: split at the widest pause inside (not before its first word), keep the rest open.
        let at = cur.length;
        let widest = -Infinity;
        for (let i = 1; i < cur.length; i++) {
          const g = cur[i]!.start - cur[i - 1]!.end;
          if (g >= widest) {
            widest = g;
            at = i;
          }
        }
        emit(cur.slice(0, at));
        cur = cur.slice(at);
      }
    }
    cur.push(w);
  }
  emit(cur);
  return segments;
}
