/**
 * Search as a person types: whole words first, then the last word as the start of longer ones
 * (expanded from the term list, migration 0006), on a real catalog.db with real FTS5 indexes.
 * Transcripts are written through the real indexing path (the one registering a file row uses).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import { addFile } from '@core/catalog/repositories/files/ledger';
import type { RelPath } from '@core/storage/paths';
import { serializeMaster } from '@core/transcripts/master';
import { indexTranscriptFile, searchTranscripts } from '@core/transcripts/search';
import { tmpDir } from '../helpers/tmp';

/** One recording with a master.json of these lines, 10 s apart, indexed as the app indexes it. */
function addTranscript(lib: Library, name: string, lines: string[]): number {
  const segments = lines.map((text, i) => ({ id: i, start: i * 10, end: i * 10 + 5, text, words: [] }));
  const text = serializeMaster({ language: 'ru', engine: 'pocketsphinx', model: 'test', created: new Date(0).toISOString(), segments });
  let recordingId = 0;
  lib.sqlite.transaction(() => {
    recordingId = Number(
      lib.sqlite
        .prepare("INSERT INTO recordings (profile_id, display_name, search_key, start_time, status, duration_ms) VALUES (1, ?, ?, 0, 'processed', 60000)")
        .run(name, name.toLowerCase()).lastInsertRowid,
    );
    const relPath = `users/1/recordings/${recordingId}/transcription/master.json` as RelPath;
    const hash = `h${recordingId}`;
    const fileId = addFile(lib.sqlite, { recordingId, profileId: 1, kind: 'transcript', relPath, size: text.length, mtimeMs: 0, inode: null, hash });
    indexTranscriptFile(lib.sqlite, { fileId, recordingId, relPath, hash, origin: 'engine' }, { text });
  })();
  return recordingId;
}

const said = (lib: Library, q: string, limit?: number) => searchTranscripts(lib, q, limit).filter((h) => h.start !== null).map((h) => h.text);

describe('search by what was said, word by word as it is typed', () => {
  it('a whole word is found first, then the words it begins; each line once, Cyrillic and Latin alike', () => {
    const lib = Library.open(path.join(tmpDir(), 'lib'), { create: true, writer: 'test' });
    try {
      addTranscript(lib, 'Лекция 1', ['Градиент и градиентный спуск', 'градиенты считают', 'спуск по склону', 'Grad school', 'gradient descent', 'a gradual change']);
      // The line that says the word itself comes before those saying longer words beginning with it.
      expect(said(lib, 'градиент')).toEqual(['Градиент и градиентный спуск', 'градиенты считают']);
      expect(said(lib, 'grad')).toEqual(['Grad school', 'gradient descent', 'a gradual change']);
      // Every word but the last is whole; the last may be the start of one.
      expect(said(lib, 'градиентный сп')).toEqual(['Градиент и градиентный спуск']);
      expect(said(lib, 'gradient desc')).toEqual(['gradient descent']);
      expect(said(lib, 'gradient dog')).toEqual([]);
      // No word begins so: nothing, and no error.
      expect(said(lib, 'zzz')).toEqual([]);
      // The limit holds across both steps.
      expect(said(lib, 'grad', 2)).toEqual(['Grad school', 'gradient descent']);
    } finally {
      lib.close();
    }
  });

  it('a prefix with thousands of completions finds lines of the shortest ones, within the limit', () => {
    const lib = Library.open(path.join(tmpDir(), 'lib'), { create: true, writer: 'test' });
    try {
      const words = Array.from({ length: 5000 }, (_, i) => `para${i.toString(36)}x`);
      for (let r = 0; r < 5; r++) addTranscript(lib, `Lecture ${r}`, words.slice(r * 1000, r * 1000 + 1000).map((w) => `we say ${w} here`));
      const hits = said(lib, 'para', 50);
      expect(hits).toHaveLength(50);
      expect(new Set(hits).size).toBe(50);
      for (const h of hits) expect(h).toMatch(/^we say para[0-9a-z]+x here$/);
      // The shortest completions (para0x … paraZx, one character after the prefix) are among them.
      expect(hits).toContain('we say para0x here');
    } finally {
      lib.close();
    }
  });

  /**
   * 0006 (the term list), 0007 (job payloads), 0008 (the recordings' search index), 0009 (ё folded
   * in stored keys: data only, nothing to undo): a new migration adds itself here and undoes its change below.
   */
  const MIGRATIONS_FROM_0006 = 4;

  it('a catalog from before the term list gets it filled from its index when opened (migration 0006)', () => {
    const root = path.join(tmpDir(), 'lib');
    let lib = Library.open(root, { create: true, writer: 'test' });
    addTranscript(lib, 'Семинар', ['Матрица и матричное умножение', 'векторы']);
    // As an older app left it: no term list, the migration not yet applied.
    // 0006 and every migration after it are undone: their rows go, and so does what they added.
    const later = lib.sqlite.prepare('SELECT hash FROM "__drizzle_migrations" ORDER BY id DESC LIMIT ?').pluck().all(MIGRATIONS_FROM_0006) as string[];
    const version = lib.sqlite.pragma('user_version', { simple: true }) as number;
    lib.sqlite.exec('DROP TABLE transcript_terms');
    lib.sqlite.exec('ALTER TABLE jobs DROP COLUMN payload'); // 0007
    lib.sqlite.exec('DROP TRIGGER recordings_fts_insert; DROP TRIGGER recordings_fts_update; DROP TRIGGER recordings_fts_delete; DROP TABLE recordings_fts'); // 0008
    for (const hash of later) lib.sqlite.prepare('DELETE FROM "__drizzle_migrations" WHERE hash = ?').run(hash);
    lib.sqlite.pragma(`user_version = ${version - later.length}`);
    lib.close();
    lib = Library.open(root, { writer: 'test' });
    try {
      const terms = lib.sqlite.prepare('SELECT term FROM transcript_terms ORDER BY term').pluck().all();
      expect(terms).toEqual(['векторы', 'и', 'матрица', 'матричное', 'умножение']);
      expect(said(lib, 'матр')).toEqual(['Матрица и матричное умножение']);
      expect(said(lib, 'вектор')).toEqual(['векторы']);
    } finally {
      lib.close();
    }
  });

  it('a word the term list does not know is still found by FTS5 itself', () => {
    const lib = Library.open(path.join(tmpDir(), 'lib'), { create: true, writer: 'test' });
    try {
      addTranscript(lib, 'Talk', ['tokenised otherwise', 'nothing else']);
      // As if our split of a line differed from the index's: the list lacks its words.
      lib.sqlite.exec("DELETE FROM transcript_terms WHERE term LIKE 'token%'");
      expect(said(lib, 'token')).toEqual(['tokenised otherwise']);
    } finally {
      lib.close();
    }
  });
});
