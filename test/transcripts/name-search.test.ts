/**
 * Transcript search matches recording names from a list it reads again only after the catalog was
 * written to. A rename, a new recording or a write by another process must show in the next
 * search; a real catalog.db, a writer and a reader connection.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import { searchTranscripts } from '@core/transcripts/search';
import { renameRecording } from '@core/services/rename-recording';
import { tmpDir } from '../helpers/tmp';

function addRecording(lib: Library, name: string): number {
  return Number(
    lib.sqlite
      .prepare("INSERT INTO recordings (profile_id, display_name, search_key, start_time, status, duration_ms) VALUES (1, ?, ?, 0, 'processed', 60000)")
      .run(name, name.toLowerCase()).lastInsertRowid,
  );
}

const names = (lib: Library, q: string) => searchTranscripts(lib, q).filter((h) => h.start === null).map((h) => h.name);

describe('names in transcript search follow every write', () => {
  it('a rename, a new recording, and a write through another connection show in the next search', () => {
    const root = path.join(tmpDir(), 'Библиотека «1»');
    const lib = Library.open(root, { create: true, writer: 'test' });
    const reader = Library.open(root, {});
    try {
      const id = addRecording(lib, 'Семинар химии «1»');
      addRecording(lib, 'Лекция по физике');
      expect(names(lib, 'химии')).toEqual(['Семинар химии «1»']);
      expect(names(reader, 'химии')).toEqual(['Семинар химии «1»']);

      renameRecording(lib, id, 'Семинар биологии «1»');
      expect(names(lib, 'химии')).toEqual([]);
      expect(names(lib, 'биологии')).toEqual(['Семинар биологии «1»']);
      // The reader's connection saw none of these writes itself: SQLite's data_version tells it.
      expect(names(reader, 'химии')).toEqual([]);
      expect(names(reader, 'биологии')).toEqual(['Семинар биологии «1»']);

      addRecording(lib, 'Химии нет, есть Ёлка');
      expect(names(reader, 'елка')).toEqual(['Химии нет, есть Ёлка']);
    } finally {
      reader.close();
      lib.close();
    }
  });
});
