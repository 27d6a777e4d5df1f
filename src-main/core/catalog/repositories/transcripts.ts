/**
 * The transcript index (migration 0002): one transcript_sources row per transcript file, its
 * segments, and two FTS5 indexes over them (words; trigrams for CJK). Every write here runs
 * inside the caller's transaction — the one that registers or updates the file row — so search
 * and disk never disagree. The text given to the indexes is already folded by the caller
 * (transcripts/search-text.ts); segments keep the text as written, for display.
 */
import type Database from 'better-sqlite3';
import { pluckStmt, stmt } from '../statements';

/** Who made a transcript: our engine (replaceable by transcribing again) or anyone else (kept). */
export type TranscriptOrigin = 'engine' | 'attached' | 'migrated';

export interface IndexedSegment {
  start: number;
  end: number;
  text: string;
  /** The text as the word index sees it. */
  folded: string;
  /** Whether the segment holds CJK text (then it goes into the trigram index as well). */
  cjk: boolean;
}

export interface TranscriptSourceRow {
  fileId: number;
  recordingId: number;
  relPath: string;
  hash: string;
  origin: TranscriptOrigin;
  engine: string | null;
  model: string | null;
  language: string | null;
  segments: number;
  words: number;
  problem: string | null;
}

export interface SourceFacts {
  fileId: number;
  recordingId: number;
  hash: string;
  origin: TranscriptOrigin;
  engine: string | null;
  model: string | null;
  language: string | null;
  words: number;
  /** Why the file gave no segments (not a transcript, broken JSON), in a sentence. */
  problem: string | null;
}

/**
 * Replaces the index of one file (its old segments leave both FTS indexes through the trigger).
 * `terms` are the file's distinct words as the word index sees them: they join the term list that
 * prefix search expands from (migration 0006).
 */
export function writeTranscriptIndex(sqlite: Database.Database, src: SourceFacts, segments: readonly IndexedSegment[], terms: Iterable<string> = []): void {
  stmt(sqlite, 'DELETE FROM transcript_sources WHERE file_id = ?').run(src.fileId);
  stmt(
    sqlite,
    `INSERT INTO transcript_sources (file_id, recording_id, hash, origin, engine, model, language, segments, words, problem, indexed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(src.fileId, src.recordingId, src.hash, src.origin, src.engine, src.model, src.language, segments.length, src.words, src.problem, Date.now());
  const seg = stmt(sqlite, 'INSERT INTO transcript_segments (file_id, recording_id, start, "end", text) VALUES (?, ?, ?, ?, ?)');
  const words = stmt(sqlite, 'INSERT INTO transcript_words (rowid, text) VALUES (?, ?)');
  const cjk = stmt(sqlite, 'INSERT INTO transcript_cjk (rowid, text) VALUES (?, ?)');
  for (const s of segments) {
    const id = Number(seg.run(src.fileId, src.recordingId, s.start, s.end, s.text).lastInsertRowid);
    words.run(id, s.folded);
    if (s.cjk) cjk.run(id, s.folded);
  }
  const term = stmt(sqlite, 'INSERT OR IGNORE INTO transcript_terms (term) VALUES (?)');
  for (const t of terms) term.run(t);
}

/**
 * Up to `cap` words of the index that begin with `prefix` (the prefix itself included), in byte order:
 * a range of one B-tree, however many times each word was said. Words of transcripts since
 * removed may be among them (the list only grows); they match nothing.
 */
export function termsStartingWith(sqlite: Database.Database, prefix: string, cap: number): string[] {
  return pluckStmt(sqlite, 'SELECT term FROM transcript_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?').all(prefix, `${prefix}\u{10ffff}`, cap) as string[];
}

export function removeTranscriptIndex(sqlite: Database.Database, fileId: number): void {
  stmt(sqlite, 'DELETE FROM transcript_sources WHERE file_id = ?').run(fileId);
}

const SOURCE_COLUMNS = `s.file_id AS fileId, s.recording_id AS recordingId, f.rel_path AS relPath, s.hash, s.origin, s.engine, s.model,
  s.language, s.segments, s.words, s.problem`;

export function transcriptSource(sqlite: Database.Database, fileId: number): TranscriptSourceRow | null {
  return (stmt(sqlite, `SELECT ${SOURCE_COLUMNS} FROM transcript_sources s JOIN files f ON f.id = s.file_id WHERE s.file_id = ?`).get(fileId) as TranscriptSourceRow | undefined) ?? null;
}

export function transcriptSources(sqlite: Database.Database, recordingId: number): TranscriptSourceRow[] {
  return stmt(sqlite, `SELECT ${SOURCE_COLUMNS} FROM transcript_sources s JOIN files f ON f.id = s.file_id WHERE s.recording_id = ? ORDER BY f.rel_path`).all(recordingId) as TranscriptSourceRow[];
}

export interface TranscriptFileRow {
  id: number;
  recordingId: number;
  relPath: string;
  hash: string;
}

/**
 * Transcript files whose index is missing or was made from other bytes (a hand edit the scanner
 * re-verified, a catalog from before the index): what a rebuild reads again.
 */
export function staleTranscriptFiles(sqlite: Database.Database): TranscriptFileRow[] {
  return stmt(
    sqlite,
    `SELECT f.id, f.recording_id AS recordingId, f.rel_path AS relPath, f.hash FROM files f
     LEFT JOIN transcript_sources s ON s.file_id = f.id
     WHERE f.kind = 'transcript' AND f.recording_id IS NOT NULL AND (s.file_id IS NULL OR s.hash <> f.hash)`,
  ).all() as TranscriptFileRow[];
}

/** Whether the person attached this path (the audit log keeps every attach, by hand or by scan). */
export function wasAttached(sqlite: Database.Database, relPath: string): boolean {
  return stmt(sqlite, "SELECT 1 FROM audit_log WHERE action = 'attach' AND rel_path = ? LIMIT 1").get(relPath) !== undefined;
}

export interface SegmentHit {
  segmentId: number;
  recordingId: number;
  name: string;
  start: number;
  end: number;
  text: string;
}

const HIT_COLUMNS = `g.id AS segmentId, g.recording_id AS recordingId, r.display_name AS name, g.start, g."end", g.text`;
const VISIBLE = "r.status <> 'trashed'";

/** Segments matching an FTS5 query on the word index, in index order. */
export function matchWords(sqlite: Database.Database, ftsQuery: string, limit: number): SegmentHit[] {
  return stmt(
    sqlite,
    `SELECT ${HIT_COLUMNS} FROM (SELECT rowid AS id FROM transcript_words WHERE transcript_words MATCH ? LIMIT ?) m
     JOIN transcript_segments g ON g.id = m.id JOIN recordings r ON r.id = g.recording_id WHERE ${VISIBLE}`,
  ).all(ftsQuery, limit) as SegmentHit[];
}

/** Segments matching an FTS5 phrase on the trigram index (CJK substrings of 3+ characters). */
export function matchTrigrams(sqlite: Database.Database, ftsQuery: string, limit: number): SegmentHit[] {
  return stmt(
    sqlite,
    `SELECT ${HIT_COLUMNS} FROM (SELECT rowid AS id FROM transcript_cjk WHERE transcript_cjk MATCH ? LIMIT ?) m
     JOIN transcript_segments g ON g.id = m.id JOIN recordings r ON r.id = g.recording_id WHERE ${VISIBLE}`,
  ).all(ftsQuery, limit) as SegmentHit[];
}

/** One or two CJK characters: too short for trigrams; a scan of the segments' text. */
export function matchSubstring(sqlite: Database.Database, needle: string, limit: number): SegmentHit[] {
  return stmt(
    sqlite,
    `SELECT ${HIT_COLUMNS} FROM transcript_segments g JOIN recordings r ON r.id = g.recording_id
     WHERE instr(g.text, ?) > 0 AND ${VISIBLE} LIMIT ?`,
  ).all(needle, limit) as SegmentHit[];
}

export interface NamedRecording {
  id: number;
  name: string;
}

export function visibleRecordingNames(sqlite: Database.Database): NamedRecording[] {
  return stmt(sqlite, `SELECT r.id, r.display_name AS name FROM recordings r WHERE ${VISIBLE} ORDER BY r.id`).all() as NamedRecording[];
}

/**
 * Changes whenever anything is written to the catalog, by this connection (total_changes, triggers
 * included) or by another one (data_version): what was read before is still whole while it stays.
 */
export function catalogWriteStamp(sqlite: Database.Database): string {
  return `${sqlite.pragma('data_version', { simple: true }) as number}:${pluckStmt(sqlite, 'SELECT total_changes()').get() as number}`;
}

/** How many segments the index holds for one file. */
export function segmentCountOfFile(sqlite: Database.Database, fileId: number): number {
  return (stmt(sqlite, 'SELECT COUNT(*) AS n FROM transcript_segments WHERE file_id = ?').get(fileId) as { n: number }).n;
}

export interface StoredSegment {
  fileId: number;
  start: number;
  end: number;
  text: string;
}

export function segmentsOfRecording(sqlite: Database.Database, recordingId: number): StoredSegment[] {
  return stmt(sqlite, 'SELECT file_id AS fileId, start, "end", text FROM transcript_segments WHERE recording_id = ? ORDER BY start, id').all(recordingId) as StoredSegment[];
}

/** Bytes the index takes in the catalog (dbstat, when SQLite was built with it), for the bench. */
export function transcriptIndexCounts(sqlite: Database.Database): { sources: number; segments: number } {
  const n = (sql: string) => (stmt(sqlite, sql).get() as { n: number }).n;
  return { sources: n('SELECT COUNT(*) AS n FROM transcript_sources'), segments: n('SELECT COUNT(*) AS n FROM transcript_segments') };
}
