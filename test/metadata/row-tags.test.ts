/**
 * Tags in the Recordings list rows (issue 16): every row of a page carries its tags in the order
 * they were added, read with one grouped, indexed query per page (never one per row), on a real
 * catalog of 100,000 recordings. The time of a page is measured and printed, not asserted.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import { changeTags } from '@core/metadata/metadata';
import { tagsOf } from '@core/metadata/tags-of';
import { queryRecordings } from '@core/services/recordings';
import { recordingQuerySchema } from '@shared/channels/recordings';
import { searchKeyOf } from '@shared/domain';
import { tmpDir } from '../helpers/tmp';

const N = 100_000;
const TAGS = ['Лекция', 'Физика', 'Экзамен', 'Запись', 'Курс'];

/** N catalog rows (the list reads rows, not files) and tags on every third: 1 to 5 of them. */
function bigLibrary(): Library {
  const lib = Library.open(path.join(tmpDir('reclib-rowtags-'), 'Библиотека'), { create: true, writer: 'test' });
  const rec = lib.sqlite.prepare("INSERT INTO recordings (id, profile_id, display_name, search_key, start_time, status) VALUES (?, 1, ?, ?, ?, 'ready')");
  const tag = lib.sqlite.prepare('INSERT INTO recording_tags (recording_id, tag, tag_key) VALUES (?, ?, ?)');
  const t0 = Date.UTC(2024, 0, 1);
  lib.sqlite.transaction(() => {
    for (let id = 1; id <= N; id++) {
      const name = `Запись ${id}`;
      rec.run(id, name, searchKeyOf(name), t0 + id * 60_000);
      if (id % 3 === 0) for (const t of TAGS.slice(0, 1 + (id % 5))) tag.run(id, t, searchKeyOf(t));
    }
  })();
  return lib;
}

const query = (lib: Library, q: Record<string, unknown>) => queryRecordings(lib, recordingQuerySchema.parse(q));

describe('tags in the list rows', () => {
  it('a page of 100,000 recordings carries each row’s tags (one indexed query per page); a tag search returns them too', () => {
    const lib = bigLibrary();
    try {
      // Newest first: ids 100000, 99999, ... on the first page.
      const page = query(lib, { limit: 200 });
      expect(page.total).toBe(N);
      expect(page.rows).toHaveLength(200);
      for (const r of page.rows) {
        const expected = r.id % 3 === 0 ? TAGS.slice(0, 1 + (r.id % 5)) : [];
        expect(r.tags, `#${r.id}`).toEqual(expected);
      }
      // A later page, and the order the tags were added in (not alphabetical): "Физика" before "Ёлка".
      changeTags(lib, [50_002], { add: ['Физика', 'Ёлка', 'ФИЗИКА'] });
      const middle = query(lib, { offset: 49_900, limit: 200 });
      expect(middle.rows.find((r) => r.id === 50_002)?.tags).toEqual(['Физика', 'Ёлка']);

      // "#экзамен" (a chip's search): only tagged rows, each with its tags.
      const tagged = query(lib, { search: '#ЭКЗАМЕН', limit: 50 });
      expect(tagged.rows.length).toBe(50);
      for (const r of tagged.rows) expect(r.tags).toContain('Экзамен');

      // The page's tags come from the primary key's index, never a scan of every tag.
      const plan = lib.sqlite
        .prepare('EXPLAIN QUERY PLAN SELECT recording_id AS r, tag FROM recording_tags WHERE recording_id IN (SELECT value FROM json_each(?)) ORDER BY rowid')
        .all(JSON.stringify(page.rows.map((r) => r.id))) as { detail: string }[];
      const details = plan.map((p) => p.detail).join(' | ');
      expect(details).toMatch(/SEARCH recording_tags USING (INDEX|PRIMARY KEY)/);
      expect(details).not.toMatch(/SCAN recording_tags/);

      // Measured: the first page, sorted by date, and a page by name deep in the list.
      const median7 = (fn: () => unknown) => {
        const runs: number[] = [];
        for (let i = 0; i < 7; i++) {
          const t = performance.now();
          fn();
          runs.push(performance.now() - t);
        }
        return runs.sort((a, b) => a - b)[3]!;
      };
      const time = (q: Record<string, unknown>) => median7(() => query(lib, q));
      const ids = page.rows.map((r) => r.id);
      console.log(
        `row tags, ${N} recordings: first page ${time({ limit: 200 }).toFixed(1)} ms, page at 50,000 by name ${time({ offset: 50_000, limit: 200, sort: 'name', dir: 'asc' }).toFixed(1)} ms, "#экзамен" page ${time({ search: '#экзамен', limit: 200 }).toFixed(1)} ms (median of 7), of which the tags of a page ${median7(() => tagsOf(lib, ids)).toFixed(2)} ms`,
      );
    } finally {
      lib.close();
    }
  }, 300_000);
});
