/**
 * The Recordings search through the trigram index (migration 0008) finds exactly what the LIKEs
 * alone find, in the same order, on a real catalog.db: names and descriptions in Cyrillic, CJK,
 * emoji, typed decomposed (NFD), with quotes, %, _, brackets and "#"; several words; "#tag"
 * prefixes; ids. Checked three ways: the indexed catalog, a copy of it without the index (the
 * LIKE path) and a plain reading of the rule in JavaScript. Then the migration from the previous
 * schema, with rows, and a migration that fails halfway leaving the catalog as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCatalog, SCHEMA_VERSION } from '@core/catalog/connection';
import { Library } from '@core/catalog/library';
import { migrations } from '@core/catalog/migrations.generated';
import { queryRecordingPage } from '@core/catalog/repositories/recordings/list';
import { searchCondition } from '@core/catalog/repositories/recordings/search';
import { changeTags, setDescription } from '@core/metadata/metadata';
import { idInSearch } from '@core/services/recordings';
import { renameRecording } from '@core/services/rename-recording';
import { recordingQuerySchema } from '@shared/channels/recordings';
import { searchKeyOf } from '@shared/domain';
import { tmpDir } from '../helpers/tmp';

const WORDS = [
  'Лекция', 'семинар', 'ХИМИИ', 'Ёлка', 'ёжик', 'Exam', 'exam_2024', '100%', 'a_b', '[draft]', '"quoted"', "it's",
  '東京大学', '講義', '数学', '🎓', '👩‍🏫', 'café', 'cafe\u0301', 'Ångström', 'İstanbul', 'straße', '#hash', 'x\\y', 'NFD-й', 'И\u0306',
];
const TAGS = ['Экзамен', 'экзамены-2024', 'Курс', '東京', '🎓 выпуск', '100%', 'a_b', 'Лекция'];

/** A small deterministic generator: the same catalog every run. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

interface Row {
  id: number;
  name: string;
  description: string | null;
  tags: string[];
  start: number;
}

const N = 3000;

function rows(): Row[] {
  const r = rng(20261203);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const out: Row[] = [];
  for (let id = 1; id <= N; id++) {
    const n = 1 + Math.floor(r() * 3);
    const name = `${Array.from({ length: n }, () => pick(WORDS)).join(r() < 0.3 ? '' : ' ')} №${id}`;
    const description = r() < 0.3 ? Array.from({ length: 2 }, () => pick(WORDS)).join(' ') : null;
    const tags = r() < 0.4 ? [...new Set(Array.from({ length: 1 + Math.floor(r() * 2) }, () => pick(TAGS)))] : [];
    out.push({ id, name, description, tags, start: Date.UTC(2025, 0, 1) + Math.floor(r() * 1e9) });
  }
  return out;
}

function seed(lib: Library, all: Row[]): void {
  const rec = lib.sqlite.prepare("INSERT INTO recordings (id, profile_id, display_name, search_key, start_time, status) VALUES (?, 1, ?, ?, ?, 'ready')");
  lib.sqlite.transaction(() => {
    for (const x of all) rec.run(x.id, x.name, searchKeyOf(x.name), x.start);
  })();
  // Descriptions and tags through the app's own writes (the update triggers keep the index).
  for (const x of all) {
    if (x.description !== null) setDescription(lib, x.id, x.description);
    if (x.tags.length) changeTags(lib, [x.id], { add: x.tags });
  }
}

/** The rule as the search box documents it, in JavaScript: newest first, trashed left out. */
function oracle(all: Row[], search: string): number[] {
  const term = searchKeyOf(search.trim());
  const id = idInSearch(term);
  const words = term.split(/\s+/).filter(Boolean);
  const hit = (x: Row) => {
    const name = searchKeyOf(x.name);
    const desc = x.description === null ? '' : searchKeyOf(x.description);
    const tags = x.tags.map((t) => searchKeyOf(t));
    const word = (w: string) =>
      w.length > 1 && w.startsWith('#') ? tags.some((t) => t.startsWith(w.slice(1))) : name.includes(w) || desc.includes(w) || tags.some((t) => t.includes(w));
    return !term || name.includes(term) || words.every(word) || x.id === id;
  };
  return all
    .filter(hit)
    .sort((a, b) => b.start - a.start || b.id - a.id)
    .map((x) => x.id);
}

const SEARCHES = [
  'семинар химии', 'СЕМИНАР', 'лекция семинар', 'ёлка', 'елка', 'химии ёжик', 'exam', 'EXAM_2024', 'exam_', '100%', '00%', '%', '_', 'a_b', 'a_', '[draft]',
  'draft]', '"quoted"', '"quo', "it's", "t's", '東京', '東京大学 講義', '講義', '数学', '🎓', '🎓 лекция', '👩‍🏫', 'café', 'cafe\u0301', 'ångström', 'i̇stanbul', 'straße',
  '#hash', 'hash', '#экзамен', '#экз', '#экзамены', '#Курс', '#東京', '#🎓', '#100%', '#a_', '#', '##', 'x\\y', '\\', 'nfd-й', 'nfd-и\u0306', 'й', 'и\u0306',
  'лек', 'ле', 'л', 'кция', 'экзамен', 'ция семинар', '№12', '12', '#12', '# 12', '1234', '#1234 лекция', 'щъыщъы', 'лекция щъы', 'с е м', '  ', '"', '""',
];

const page = (db: Database.Database, search: string, extra: Record<string, unknown> = {}) =>
  queryRecordingPage(db, recordingQuerySchema.parse({ search, limit: 1000, ...extra }), Date.now(), Number.MAX_SAFE_INTEGER);

describe('the Recordings search through the trigram index', () => {
  it('finds what the LIKEs alone find, in the same order, for every script, special character, word count and #tag', () => {
    const root = path.join(tmpDir(), 'Библиотека');
    const lib = Library.open(root, { create: true, writer: 'test' });
    const all = rows();
    try {
      seed(lib, all);
      // Writes after the fact go through the triggers too: a rename, a new description, a forgotten recording.
      const [a, b, c] = [all[10]!, all[20]!, all[30]!];
      renameRecording(lib, a.id, 'Переименована: семинар химии 東京');
      a.name = 'Переименована: семинар химии 東京';
      setDescription(lib, b.id, 'описание про ЩЪЫЩЪЫ');
      b.description = 'описание про ЩЪЫЩЪЫ';
      changeTags(lib, [c.id], { remove: c.tags, add: ['Экзамен'] });
      c.tags = ['Экзамен'];
      lib.sqlite.prepare('DELETE FROM recordings WHERE id = ?').run(all[40]!.id);
      all.splice(40, 1);
    } finally {
      lib.close();
    }
    // The same catalog without its index: the search falls back to the LIKEs alone.
    const bare = path.join(tmpDir(), 'bare.db');
    fs.copyFileSync(path.join(root, 'catalog.db'), bare);
    const likeOnly = new Database(bare);
    likeOnly.exec('DROP TRIGGER recordings_fts_insert; DROP TRIGGER recordings_fts_update; DROP TRIGGER recordings_fts_delete; DROP TABLE recordings_fts');
    const indexed = new Database(path.join(root, 'catalog.db'), { readonly: true });
    try {
      let throughIndex = 0;
      for (const s of SEARCHES) {
        const want = oracle(all, s);
        const got = page(indexed, s);
        const bareGot = page(likeOnly, s);
        expect(got.rows.map((r) => r.id), s).toEqual(want.slice(0, 1000));
        expect(got.total, s).toBe(want.length);
        expect(bareGot.rows.map((r) => r.id), s).toEqual(got.rows.map((r) => r.id));
        expect(bareGot.total, s).toBe(got.total);
        if (searchCondition(indexed, s)?.sql.includes('json_each')) throughIndex++;
        // Another order and a later page agree as well.
        const byName = { sort: 'name', dir: 'asc', offset: 3, limit: 50 };
        expect(page(indexed, s, byName).rows.map((r) => r.id), s).toEqual(page(likeOnly, s, byName).rows.map((r) => r.id));
      }
      // Most of the searches went through the index (the rest: words too short, or too many candidates).
      expect(throughIndex).toBeGreaterThan(SEARCHES.length / 2);
      // The oracle is not vacuous: these find something, the last nothing.
      expect(oracle(all, 'семинар химии').length).toBeGreaterThan(0);
      expect(oracle(all, '#экзамен').length).toBeGreaterThan(0);
      expect(oracle(all, '東京大学 講義').length).toBeGreaterThan(0);
      expect(oracle(all, 'щъыщъы')).toEqual([all[20]!.id]);
    } finally {
      indexed.close();
      likeOnly.close();
    }
  });

  it('a catalog at the previous schema, with recordings, gets its index built when opened; a read-only open of one still searches', () => {
    const root = path.join(tmpDir(), 'Старая');
    const before = migrations.findIndex((m) => m.tag.startsWith('0008'));
    expect(before).toBeGreaterThan(0);
    fs.mkdirSync(root, { recursive: true });
    const old = openCatalog(path.join(root, 'catalog.db'), { create: true, migrations: migrations.slice(0, before) });
    const all = rows().slice(0, 500);
    old.sqlite.prepare("INSERT INTO profiles (id, name) VALUES (1, 'Default')").run();
    const rec = old.sqlite.prepare("INSERT INTO recordings (id, profile_id, display_name, search_key, start_time, status, description, description_key) VALUES (?, 1, ?, ?, ?, 'ready', ?, ?)");
    const tag = old.sqlite.prepare('INSERT INTO recording_tags (recording_id, tag, tag_key) VALUES (?, ?, ?)');
    old.sqlite.transaction(() => {
      for (const x of all) {
        rec.run(x.id, x.name, searchKeyOf(x.name), x.start, x.description, x.description === null ? null : searchKeyOf(x.description));
        for (const t of x.tags) tag.run(x.id, t, searchKeyOf(t));
      }
    })();
    expect(old.schemaVersion).toBe(before);
    old.close();

    // Opened read-only (nothing is migrated then): no index, and the search still answers.
    const ro = Library.open(root);
    try {
      expect(ro.catalog.schemaVersion).toBe(before);
      expect(page(ro.sqlite, 'семинар химии').rows.map((r) => r.id)).toEqual(oracle(all, 'семинар химии'));
    } finally {
      ro.close();
    }

    const lib = Library.open(root, { writer: 'test' });
    try {
      expect(lib.catalog.schemaVersion).toBe(SCHEMA_VERSION);
      // Every recording is in the index, once.
      expect(lib.sqlite.prepare('SELECT count(*) FROM recordings_fts').pluck().get()).toBe(all.length);
      for (const s of ['семинар химии', '東京大学', '#экзамен', 'описан', 'ёлка exam', '100%', 'щъыщъы']) {
        expect(page(lib.sqlite, s).rows.map((r) => r.id), s).toEqual(oracle(all, s));
      }
      expect(searchCondition(lib.sqlite, 'семинар химии')?.sql).toContain('json_each');
    } finally {
      lib.close();
    }
  });

  it('an upgrade that fails after building the index leaves the catalog as it was, and the next open completes it', () => {
    const root = path.join(tmpDir(), 'lib');
    const before = migrations.findIndex((m) => m.tag.startsWith('0008'));
    fs.mkdirSync(root, { recursive: true });
    const file = path.join(root, 'catalog.db');
    const old = openCatalog(file, { create: true, migrations: migrations.slice(0, before) });
    old.sqlite.prepare("INSERT INTO profiles (id, name) VALUES (1, 'Default')").run();
    old.sqlite.prepare("INSERT INTO recordings (id, profile_id, display_name, search_key, start_time, status) VALUES (1, 1, 'Семинар', 'семинар', 1, 'ready')").run();
    old.close();
    // As if the process died after 0008's statements: a later step fails inside the same transaction.
    const broken = [...migrations, { tag: '9999_fails', when: Date.now(), hash: 'fails', statements: ['INSERT INTO no_such_table VALUES (1)'] }];
    expect(() => openCatalog(file, { migrations: broken })).toThrow(/no_such_table/);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(before);
      expect(raw.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'recordings_fts%'").all()).toEqual([]);
    } finally {
      raw.close();
    }
    const lib = Library.open(root, { writer: 'test' });
    try {
      expect(lib.catalog.schemaVersion).toBe(SCHEMA_VERSION);
      expect(page(lib.sqlite, 'семинар').rows.map((r) => r.id)).toEqual([1]);
      expect(lib.sqlite.prepare('SELECT count(*) FROM recordings_fts').pluck().get()).toBe(1);
    } finally {
      lib.close();
    }
  });
});
