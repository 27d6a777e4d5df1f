/**
 * Search by what was said, and the index behind it.
 *
 * Indexing: a transcript file (master.json, or an attached .srt/.vtt) is read into segments and
 * written to the index inside the transaction that registers its file row (`indexTranscriptFile`,
 * synchronous so it can run inside better-sqlite3's transaction). Our generated subtitles
 * (kind `subtitle`) are not indexed: they are master.json again. `syncTranscriptIndex` rebuilds
 * whatever is missing or was made from other bytes (a catalog from before the index, a hand edit
 * the scanner re-verified), so the index is always rebuildable from the files.
 *
 * Text is folded the same way for the index and for a query: NFKC, lower case, ё -> е (Russian
 * writes both), then FTS5's unicode61 strips diacritics (Latin and Cyrillic alike). Words match
 * whole, the last one as a prefix (so typing finds as it goes). Queries with CJK characters go to
 * the trigram index as a phrase (a substring of 3+ characters), shorter ones to a scan of the
 * segments' text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import {
  type IndexedSegment,
  type NamedRecording,
  matchSubstring,
  matchTrigrams,
  matchWords,
  type SegmentHit,
  segmentsOfRecording,
  staleTranscriptFiles,
  termsStartingWith,
  type TranscriptOrigin,
  transcriptSources,
  visibleRecordingNames,
  catalogWriteStamp,
  wasAttached,
  writeTranscriptIndex,
} from '@core/catalog/repositories/transcripts';
import { getFileRow } from '@core/catalog/repositories/files/ledger';
import { isPathRegistered } from '@core/catalog/repositories/files/scan';
import type { Library } from '@core/catalog/library';
import { durably } from '@core/catalog/connection';
import type { TranscriptSegment } from './engine';
import { ENGINE_NAMES } from './engine-names';
import { type MasterTranscript, parseMaster } from './master';
import { isCjk } from './segmenter';
import { readSubtitles } from './subtitle-read';
import { errorMessage } from '@shared/errors';

/**
 * The text both the index and a query see: compatibility forms unified, lower case, and the
 * combining accents of Latin and Cyrillic letters dropped (café = cafe, ё = е, an accented
 * Russian vowel = the plain one), except the breve that makes й a letter of its own. CJK marks
 * (Japanese dakuten) are outside that block and stay.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u0305\u0307-\u036f]/g, '')
    .replace(/([^иИ])\u0306/g, '$1')
    .normalize('NFC');
}

export function hasCjk(text: string): boolean {
  for (const ch of text) if (isCjk(ch)) return true;
  return false;
}

export interface ReadTranscript {
  segments: TranscriptSegment[];
  master: MasterTranscript | null;
  /** Why the file gives no segments, in a sentence; null when it was read. */
  problem: string | null;
}

/** A transcript file's segments, by its extension: .json is master.json, .srt/.vtt subtitles. */
export function readTranscriptText(relPath: string, text: string): ReadTranscript {
  const ext = path.extname(relPath).toLowerCase();
  try {
    if (ext === '.json') {
      const { master } = parseMaster(text);
      return { segments: master.segments, master, problem: null };
    }
    if (ext === '.srt' || ext === '.vtt') return { segments: readSubtitles(text), master: null, problem: null };
    return { segments: [], master: null, problem: 'not a transcript or subtitles file' };
  } catch (err) {
    return { segments: [], master: null, problem: errorMessage(err) };
  }
}

export function indexedSegments(segments: readonly TranscriptSegment[]): IndexedSegment[] {
  return segments
    .filter((s) => s.text.trim() !== '')
    .map((s) => ({ start: s.start, end: s.end, text: s.text, folded: foldText(s.text), cjk: hasCjk(s.text) }));
}

export interface IndexFileInput {
  fileId: number;
  recordingId: number;
  relPath: string;
  hash: string;
  origin: TranscriptOrigin;
}

/**
 * Indexes one registered transcript file; call inside the transaction that registers (or
 * re-verifies) its row. `text` is the file's content when the caller has it; else it is read
 * from `abs`. A file that is not a transcript is recorded with its problem and no segments.
 */
export function indexTranscriptFile(sqlite: Database.Database, f: IndexFileInput, content: { text: string } | { abs: string }, opts: { ownTimes?: boolean } = {}): ReadTranscript {
  // `ownTimes`: a second subtitles file attached beside a person's transcript is searched by its own times.
  const onSource = opts.ownTimes ? null : sourceTimelineFile(sqlite, f.relPath);
  if (onSource) {
    writeTranscriptIndex(sqlite, { ...f, engine: null, model: null, language: null, words: 0, problem: onSource }, []);
    return { segments: [], master: null, problem: onSource };
  }
  let text: string;
  try {
    text = 'text' in content ? content.text : readFileSync(content.abs, 'utf8');
  } catch (err) {
    const problem = `could not be read: ${errorMessage(err)}`;
    writeTranscriptIndex(sqlite, { ...f, engine: null, model: null, language: null, words: 0, problem }, []);
    return { segments: [], master: null, problem };
  }
  const read = readTranscriptText(f.relPath, text);
  const segments = indexedSegments(read.segments);
  const words = read.segments.reduce((n, s) => n + (s.words.length || s.text.split(/\s+/).filter(Boolean).length), 0);
  writeTranscriptIndex(
    sqlite,
    {
      ...f,
      engine: read.master?.engine ?? null,
      model: read.master?.model ?? null,
      language: read.master && read.master.language !== 'und' ? read.master.language : null,
      words,
      problem: read.problem,
    },
    segments,
    termsOf(segments),
  );
  return read;
}

/** The distinct words of a transcript as the word index sees them (folded, split like a query). */
function termsOf(segments: readonly IndexedSegment[]): Set<string> {
  const terms = new Set<string>();
  for (const s of segments) for (const w of s.folded.match(WORD) ?? []) terms.add(w);
  return terms;
}

/**
 * Why a transcript file is not searched by its own times, or null. An attached transcript on the
 * source's timeline is kept as transcription/source.json and searched through master.json (the
 * same lines on the kept video's timeline); the person's .srt/.vtt it was made from is on the
 * source's timeline too. Indexing them would find each line twice, once at the wrong time.
 */
export function sourceTimelineFile(sqlite: Database.Database, relPath: string): string | null {
  const dir = path.posix.dirname(relPath);
  const base = path.posix.basename(relPath);
  if (base === 'source.json' && path.posix.basename(dir) === 'transcription') return 'the transcript on the source recording\'s timeline: its lines are searched in master.json';
  if (!/\.(srt|vtt)$/i.test(base) || path.posix.basename(dir) !== 'transcription') return null;
  const has = isPathRegistered(sqlite, `${dir}/source.json`);
  return has ? 'on the source recording\'s timeline: its lines are searched in master.json, on the kept video\'s timeline' : null;
}

/** Whose a transcript found without an index row is: attached by a person, or one of our engines'. */
function guessOrigin(sqlite: Database.Database, relPath: string, text: string): TranscriptOrigin {
  if (wasAttached(sqlite, relPath)) return 'attached';
  if (path.posix.basename(relPath) !== 'master.json') return 'attached';
  const read = readTranscriptText(relPath, text);
  return read.master && (ENGINE_NAMES as readonly string[]).includes(read.master.engine) ? 'engine' : 'migrated';
}

/**
 * Indexes every transcript file that has no index or an index of other bytes. Cheap when there is
 * nothing to do (one indexed query). Read-only libraries are searched as they are.
 */
export function syncTranscriptIndex(lib: Library): number {
  if (lib.readonly) return 0;
  const stale = staleTranscriptFiles(lib.sqlite);
  let n = 0;
  for (const f of stale) {
    let text: string | null;
    try {
      text = readFileSync(lib.paths.abs(f.relPath), 'utf8');
    } catch {
      text = null; // missing: the scanner marks it; index it empty with the reason meanwhile
    }
    const previous = transcriptSources(lib.sqlite, f.recordingId).find((s) => s.fileId === f.id);
    durably(lib.sqlite, () => {
      const still = getFileRow(lib.sqlite, f.id);
      if (!still || still.hash !== f.hash) return;
      const origin = previous?.origin ?? (text === null ? 'attached' : guessOrigin(lib.sqlite, f.relPath, text));
      indexTranscriptFile(lib.sqlite, { fileId: f.id, recordingId: f.recordingId, relPath: f.relPath, hash: f.hash, origin }, text === null ? { abs: lib.paths.abs(f.relPath) } : { text });
    });
    n++;
  }
  if (n) lib.log.info('transcript index brought up to date', { files: n });
  return n;
}

export interface SearchHit {
  id: number;
  name: string;
  /** Seconds of the kept video; null for a match on the recording's name. */
  start: number | null;
  end: number | null;
  text: string;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** How many longer words the last word of a query stands for in one FTS5 query (the shortest first). */
const COMPLETIONS_PER_QUERY = 64;
/** How many of the index's words beginning with it are read, at most. */
const COMPLETIONS_READ = 4000;

/**
 * Segments that say every word of the query, the last one whole or as the start of a longer word.
 *
 * FTS5 answers `"word"*` by merging the postings of every word it begins before the first row
 * comes out: at 10,000 hours a short prefix means millions of postings for 50 hits. So the words
 * are matched whole first (FTS5 stops at the limit), and only when that finds too few does the last
 * word stand for its completions, shortest first, taken from the term list (a B-tree range) and
 * asked as ORs of a few dozen, which FTS5 also stops early. When the term list does not know the
 * word at all (a word it splits otherwise than FTS5), the plain prefix query answers, slow but
 * complete.
 */
function matchSaid(sqlite: Database.Database, text: string, limit: number): SegmentHit[] {
  const words = foldText(text).match(WORD);
  if (!words?.length) return [];
  const quoted = words.map((w) => `"${w}"`);
  const rows = matchWords(sqlite, quoted.join(' AND '), limit);
  if (rows.length >= limit) return rows;
  const last = words[words.length - 1]!;
  const known = termsStartingWith(sqlite, last, COMPLETIONS_READ);
  const completions = known.filter((w) => w !== last).sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const before = quoted.slice(0, -1).map((w) => `${w} AND `).join('');
  const seen = new Set(rows.map((r) => r.segmentId));
  const add = (found: SegmentHit[]) => {
    for (const r of found) {
      if (rows.length >= limit) return;
      if (!seen.has(r.segmentId)) {
        seen.add(r.segmentId);
        rows.push(r);
      }
    }
  };
  if (!known.length) add(matchWords(sqlite, `${before}"${last}"*`, limit));
  for (let i = 0; i < completions.length && rows.length < limit; i += COMPLETIONS_PER_QUERY) {
    const or = completions.slice(i, i + COMPLETIONS_PER_QUERY).map((w) => `"${w}"`).join(' OR ');
    add(matchWords(sqlite, `${before}(${or})`, limit));
  }
  return rows;
}

export const MAX_LIMIT = 1000;

/**
 * Names folded once, not on every keystroke: folding is the costly part of matching 10,000 names
 * (about 3 µs each), and names rarely change. Keyed by the name itself, so a rename is a new entry;
 * cleared when it grows past any library's size, so stale entries cannot pile up.
 */
const FOLDED_NAMES = new Map<string, string>();
function foldedName(name: string): string {
  let folded = FOLDED_NAMES.get(name);
  if (folded === undefined) {
    if (FOLDED_NAMES.size >= 200_000) FOLDED_NAMES.clear();
    folded = foldText(name);
    FOLDED_NAMES.set(name, folded);
  }
  return folded;
}

/**
 * The visible recordings with their folded names, read again only after the catalog was written
 * to: each keystroke of a search would otherwise read 100,000 rows before looking at one.
 */
const NAME_LISTS = new WeakMap<Database.Database, { stamp: string; names: (NamedRecording & { folded: string })[] }>();
function namesWithFolds(lib: Library): (NamedRecording & { folded: string })[] {
  const stamp = catalogWriteStamp(lib.sqlite);
  const cached = NAME_LISTS.get(lib.sqlite);
  if (cached?.stamp === stamp) return cached.names;
  const names = visibleRecordingNames(lib.sqlite).map((r) => ({ ...r, folded: foldedName(r.name) }));
  NAME_LISTS.set(lib.sqlite, { stamp, names });
  return names;
}

/**
 * Recordings whose name holds the text (start/end null), then transcript segments that say it,
 * at most `limit` hits in all. A segment said the same in two files of a recording (master.json
 * and an attached .srt) is listed once.
 */
export function searchTranscripts(lib: Library, query: string, limit = 50): SearchHit[] {
  const q = query.trim();
  const max = Math.max(1, Math.min(MAX_LIMIT, Math.floor(limit)));
  if (!q) return [];
  syncTranscriptIndex(lib);
  const needle = foldText(q);
  const hits: SearchHit[] = [];
  for (const r of namesWithFolds(lib)) {
    if (hits.length >= max) break;
    if (r.folded.includes(needle)) hits.push({ id: r.id, name: r.name, start: null, end: null, text: r.name });
  }
  if (hits.length >= max) return hits;
  let rows: SegmentHit[];
  const want = (max - hits.length) * 2; // room for duplicates dropped below
  if (hasCjk(q)) {
    const folded = foldText(q).replace(/\s+/g, ' ').trim();
    rows = [...folded].length >= 3 ? matchTrigrams(lib.sqlite, `"${folded.replace(/"/g, '""')}"`, want) : matchSubstring(lib.sqlite, q, want);
  } else {
    rows = matchSaid(lib.sqlite, q, want);
  }
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.recordingId}:${Math.round(r.start * 10)}:${r.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    hits.push({ id: r.recordingId, name: r.name, start: r.start, end: r.end, text: r.text });
    if (hits.length >= max) break;
  }
  return hits;
}

export interface TranscriptView {
  id: number;
  /** Where the segments come from (master.json first), or null when the recording has no transcript. */
  source: { path: string; origin: TranscriptOrigin; engine: string | null; model: string | null; language: string | null } | null;
  segments: { start: number; end: number; text: string }[];
}

/** A recording's transcript for the player's side panel: master.json's segments, else the first attached subtitles'. */
export function transcriptOf(lib: Library, recordingId: number): TranscriptView {
  syncTranscriptIndex(lib);
  const sources = transcriptSources(lib.sqlite, recordingId).filter((s) => s.segments > 0);
  const best = sources.find((s) => path.posix.basename(s.relPath) === 'master.json') ?? sources[0];
  if (!best) return { id: recordingId, source: null, segments: [] };
  const segments = segmentsOfRecording(lib.sqlite, recordingId)
    .filter((s) => s.fileId === best.fileId)
    .map((s) => ({ start: s.start, end: s.end, text: s.text }));
  return { id: recordingId, source: { path: best.relPath, origin: best.origin, engine: best.engine, model: best.model, language: best.language }, segments };
}
