/**
 * transcription/master.json: one shape for migrated and new transcripts (DESIGN.md §6a),
 *   {"language","engine","model","created","segments":[{"id","start","end","text",
 *    "words":[{"start","end","word","p"}]}]}
 * with times in seconds. Writing builds it from an engine's result; reading accepts what the old
 * system and people produce: segments without start/end (derived from their words), words under
 * "text" instead of "word", probabilities as "probability"/"confidence", string numbers, missing
 * ids, unsorted segments. What cannot be placed in time is left out and named in `warnings`,
 * never guessed.
 */
import type { TranscriptionResult, TranscriptSegment, TranscriptWord } from './engine';
import { joinWords } from './segmenter';

export interface MasterSegment extends TranscriptSegment {
  id: number;
}

export interface MasterTranscript {
  language: string;
  engine: string;
  model: string | null;
  /** ISO 8601, UTC. */
  created: string;
  segments: MasterSegment[];
  /**
   * Only in a source.json made from a person's subtitles file kept beside it: that file's name,
   * its hash then, and the timeline its times referred to. An edit of the file in place is seen
   * by its hash, and source.json and master.json are made from it again (integrity/reread-transcript).
   */
  madeFrom?: MadeFrom;
}

export interface MadeFrom {
  file: string;
  hash: string;
  timeline: 'source' | 'processed';
}

export class MasterFormatError extends Error {
  override name = 'MasterFormatError';
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * master.json from an engine's result. `offsetSec` moves times from the audio's timeline to the
 * one master.json keeps (the stage passes the kept start when the audio was cut from the source).
 */
export function buildMaster(result: TranscriptionResult, meta: { engine: string; model: string | null; created?: Date; offsetSec?: number }): MasterTranscript {
  const off = meta.offsetSec ?? 0;
  const segments = result.segments
    .filter((s) => s.text.trim() !== '')
    .map((s, i) => ({
      id: i,
      start: round3(s.start + off),
      end: round3(s.end + off),
      text: s.text.trim(),
      words: s.words.map((w) => ({ start: round3(w.start + off), end: round3(w.end + off), word: w.word, ...(w.p !== undefined ? { p: w.p } : {}) })),
    }));
  return { language: result.language, engine: meta.engine, model: meta.model, created: (meta.created ?? new Date()).toISOString(), segments };
}

/** The transcript without its provenance: what is made from a source.json is not made from its file. */
export function withoutMadeFrom(m: MasterTranscript): MasterTranscript {
  const { madeFrom, ...rest } = m;
  void madeFrom;
  return rest;
}

export function serializeMaster(m: MasterTranscript): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function readWord(raw: unknown): TranscriptWord | null {
  if (!raw || typeof raw !== 'object') return null;
  const w = raw as Record<string, unknown>;
  const word = (str(w.word) ?? str(w.text) ?? '').trim();
  const start = num(w.start);
  const end = num(w.end);
  if (!word || start === null || end === null) return null;
  const p = num(w.p ?? w.probability ?? w.confidence);
  return { start, end: Math.max(start, end), word, ...(p !== null && p <= 1 ? { p } : {}) };
}

export interface ReadMaster {
  master: MasterTranscript;
  /** What was left out or derived, in sentences (for the attach report and logs). */
  warnings: string[];
}

function readSegment(raw: unknown, i: number, warnings: string[]): Omit<MasterSegment, 'id'> & { id: number | null } | null {
  if (!raw || typeof raw !== 'object') {
    warnings.push(`Segment ${i + 1} is not an object and was left out.`);
    return null;
  }
  const s = raw as Record<string, unknown>;
  const rawWords = Array.isArray(s.words) ? s.words : [];
  const words = rawWords.map(readWord).filter((w): w is TranscriptWord => w !== null);
  if (words.length < rawWords.length) warnings.push(`Segment ${i + 1}: ${rawWords.length - words.length} word(s) without text or times were left out.`);
  words.sort((a, b) => a.start - b.start);
  let start = num(s.start);
  let end = num(s.end);
  if ((start === null || end === null) && words.length) {
    start ??= words[0]!.start;
    end ??= Math.max(...words.map((w) => w.end));
  }
  const text = (str(s.text) ?? joinWords(words.map((w) => w.word))).replace(/\s+/g, ' ').trim();
  if (start === null || end === null) {
    if (text) warnings.push(`Segment ${i + 1} has no times and no timed words, so it cannot be placed; it was left out.`);
    return null;
  }
  if (!text) return null;
  const id = num(s.id);
  return { id: id !== null && Number.isInteger(id) ? id : null, start, end: Math.max(start, end), text, words };
}

/** Reads master.json (parsed JSON). Throws MasterFormatError when it is not a transcript at all. */
export function readMaster(json: unknown): ReadMaster {
  const top = Array.isArray(json) ? { segments: json } : json && typeof json === 'object' ? (json as Record<string, unknown>) : null;
  if (!top || !Array.isArray(top.segments)) throw new MasterFormatError('This is not a transcript: master.json needs a "segments" list.');
  const warnings: string[] = [];
  const read = (top.segments as unknown[]).map((s, i) => readSegment(s, i, warnings)).filter((s) => s !== null);
  read.sort((a, b) => a.start - b.start || a.end - b.end);
  const seen = new Set<number>();
  const ids = read.map((s) => (s.id !== null && !seen.has(s.id) ? (seen.add(s.id), s.id) : null));
  let next = Math.max(-1, ...seen) + 1;
  const segments: MasterSegment[] = read.map((s, i) => ({ ...s, id: ids[i] ?? next++ }));
  const created = str(top.created) ?? str(top.created_at) ?? '';
  const madeFrom = readMadeFrom(top.madeFrom);
  return {
    master: {
      language: (str(top.language) ?? 'und').trim() || 'und',
      engine: str(top.engine) ?? 'unknown',
      model: str(top.model),
      created: created && !Number.isNaN(Date.parse(created)) ? created : '',
      segments,
      ...(madeFrom ? { madeFrom } : {}),
    },
    warnings,
  };
}

function readMadeFrom(raw: unknown): MadeFrom | null {
  if (!raw || typeof raw !== 'object') return null;
  const m = raw as Record<string, unknown>;
  const file = str(m.file);
  const hash = str(m.hash);
  const timeline = m.timeline === 'source' || m.timeline === 'processed' ? m.timeline : null;
  return file && hash && timeline ? { file, hash, timeline } : null;
}

/** Parses the text of a master.json file (BOM tolerated) and reads it. */
export function parseMaster(text: string): ReadMaster {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new MasterFormatError('This master.json is not valid JSON.');
  }
  return readMaster(json);
}

/** The plain text of a transcript, one segment per line ("Copy text", search snippets). */
export function masterText(m: MasterTranscript): string {
  return m.segments.map((s) => s.text).join('\n');
}
