/**
 * ё and е are one letter to the Recordings search box (found by a newcomer's trial in Russian:
 * «елка» missed «Ёлка», while the search by what was said found both). Names, descriptions and
 * #tags, through the trigram index and through the LIKEs alone; a catalog written before the fold
 * migrated (two tags of one recording that now fold alike become one); case-insensitive template
 * rules with ё in a keyword or a pattern still match, and a case-sensitive one still tells them apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openCatalog, SCHEMA_VERSION } from '@core/catalog/connection';
import { Library } from '@core/catalog/library';
import { migrations } from '@core/catalog/migrations.generated';
import { queryRecordingPage } from '@core/catalog/repositories/recordings/list';
import { changeTags, setDescription } from '@core/metadata/metadata';
import { renameRecording } from '@core/services/rename-recording';
import { loadMatcher } from '@core/templates/match';
import { matchesName } from '@core/templates/rules';
import { recordingQuerySchema } from '@shared/channels/recordings';
import { searchKeyOf } from '@shared/domain';
import { templateRulesSchema } from '@shared/template-settings';
import { tmpDir } from '../helpers/tmp';

const page = (db: Database.Database, search: string) =>
  queryRecordingPage(db, recordingQuerySchema.parse({ search, limit: 1000 }), Date.now(), Number.MAX_SAFE_INTEGER)
    .rows.map((r) => r.id)
    .sort((a, b) => a - b);

/** The same search on the catalog and on a copy of it without the trigram index (the LIKEs alone). */
function bothWays(root: string, search: string): number[] {
  const lib = Library.open(root);
  const copy = path.join(tmpDir(), 'copy.db');
  try {
    lib.sqlite.prepare('VACUUM INTO ?').run(copy);
    const viaIndex = page(lib.sqlite, search);
    const plain = new Database(copy);
    try {
      plain.exec('DROP TABLE recordings_fts');
      expect(page(plain, search), `${search} without the index`).toEqual(viaIndex);
    } finally {
      plain.close();
    }
    return viaIndex;
  } finally {
    lib.close();
  }
}

const insert = (db: Database.Database, id: number, name: string, key: string) =>
  db.prepare("INSERT INTO recordings (id, profile_id, display_name, search_key, start_time, status) VALUES (?, 1, ?, ?, ?, 'ready')").run(id, name, key, 1_700_000_000_000 + id);

describe('ё and е in the Recordings search', () => {
  it('a catalog from before the fold: its keys are folded when it is opened, and every spelling finds every spelling', () => {
    const root = path.join(tmpDir(), 'Ёмкая библиотека');
    fs.mkdirSync(root, { recursive: true });
    const before = migrations.findIndex((m) => m.tag === '0009_fold_yo');
    expect(before).toBeGreaterThan(0);
    // Written as the app wrote them then: NFC + lower case, ё kept.
    const oldKey = (s: string) => s.normalize('NFC').toLowerCase();
    const old = openCatalog(path.join(root, 'catalog.db'), { create: true, migrations: migrations.slice(0, before) });
    old.sqlite.prepare("INSERT INTO profiles (id, name) VALUES (1, 'Default')").run();
    insert(old.sqlite, 1, 'Ёлка в офисе', oldKey('Ёлка в офисе'));
    insert(old.sqlite, 2, 'Планёрка', oldKey('Планёрка'));
    insert(old.sqlite, 3, 'Елка без точек', oldKey('Елка без точек'));
    insert(old.sqlite, 4, 'Совещание', oldKey('Совещание'));
    old.sqlite.prepare('UPDATE recordings SET description = ?, description_key = ? WHERE id = 4').run('Про ЁЖИКА и отчёт', oldKey('Про ЁЖИКА и отчёт'));
    const tag = old.sqlite.prepare('INSERT INTO recording_tags (recording_id, tag, tag_key) VALUES (?, ?, ?)');
    for (const [id, t] of [[1, 'Ёлка'], [1, 'елка'], [1, 'Зима'], [2, 'Отчёт'], [3, 'отчет']] as const) tag.run(id, t, oldKey(t));
    old.close();

    const lib = Library.open(root, { writer: 'test' });
    try {
      expect(lib.catalog.schemaVersion).toBe(SCHEMA_VERSION);
      // The two tags of #1 that now fold alike are one, the one added first; the others are as they were.
      expect(lib.sqlite.prepare('SELECT recording_id AS id, tag, tag_key AS key FROM recording_tags ORDER BY recording_id, tag_key').all()).toEqual([
        { id: 1, tag: 'Ёлка', key: 'елка' },
        { id: 1, tag: 'Зима', key: 'зима' },
        { id: 2, tag: 'Отчёт', key: 'отчет' },
        { id: 3, tag: 'отчет', key: 'отчет' },
      ]);
      expect(lib.sqlite.prepare('SELECT count(*) FROM recordings_fts').pluck().get()).toBe(4);
    } finally {
      lib.close();
    }
    for (const s of ['елка', 'ёлка', 'ЁЛКА', 'Е\u0308лка']) expect(bothWays(root, s), s).toEqual([1, 3]);
    for (const s of ['планерка', 'Планёрка', 'нерк']) expect(bothWays(root, s), s).toEqual([2]);
    for (const s of ['ежика', 'ёжика', 'отчет ежик']) expect(bothWays(root, s), s).toEqual([4]);
    for (const s of ['#отчет', '#отчёт', 'отчёт']) expect(bothWays(root, s), s).toEqual(s.startsWith('#') ? [2, 3] : [2, 3, 4]);
    expect(bothWays(root, '#ёлка зима')).toEqual([1]);
  });

  it('names, descriptions and tags written now are folded as they are written', () => {
    const root = path.join(tmpDir(), 'lib');
    const lib = Library.open(root, { create: true, writer: 'test' });
    try {
      insert(lib.sqlite, 1, 'Запись', searchKeyOf('Запись'));
      insert(lib.sqlite, 2, 'Другая', searchKeyOf('Другая'));
      renameRecording(lib, 1, 'Отчёт за квартал');
      setDescription(lib, 2, 'Новогодняя Ёлка');
      changeTags(lib, [1, 2], { add: ['Ёж'] });
      // The same tag spelled the other way is the same tag: adding it changes nothing, removing it removes it.
      changeTags(lib, [1], { add: ['еж'] });
      expect(lib.sqlite.prepare('SELECT tag FROM recording_tags WHERE recording_id = 1').pluck().all()).toEqual(['Ёж']);
      changeTags(lib, [2], { remove: ['ЕЖ'] });
      expect(lib.sqlite.prepare('SELECT count(*) FROM recording_tags WHERE recording_id = 2').pluck().get()).toBe(0);
    } finally {
      lib.close();
    }
    expect(bothWays(root, 'отчет')).toEqual([1]);
    expect(bothWays(root, 'елка')).toEqual([2]);
    expect(bothWays(root, '#еж')).toEqual([1]);
    expect(bothWays(root, '#ёж')).toEqual([1]);
  });

  it('template rules: case-insensitive ones with ё still match (keyword, pattern, exclusion), a case-sensitive one keeps them apart', () => {
    const rules = (r: Record<string, unknown>) => templateRulesSchema.parse({ exact: [], keywords: [], patterns: [], excludeKeywords: [], excludePatterns: [], caseSensitive: false, ...r });
    expect(matchesName(rules({ keywords: ['отчёт'] }), 'Отчет за май')).toBe(true);
    expect(matchesName(rules({ keywords: ['отчет'] }), 'ОТЧЁТ за май')).toBe(true);
    expect(matchesName(rules({ patterns: ['^отчёт\\s+за'] }), 'Отчет за май')).toBe(true);
    expect(matchesName(rules({ patterns: ['^[её]лка$'] }), 'Ёлка')).toBe(true);
    expect(matchesName(rules({ keywords: ['отчет'], excludePatterns: ['черновик|Набросок ёлки'] }), 'Отчёт, набросок елки')).toBe(false);
    expect(matchesName(rules({ exact: ['Ёлка'] }), 'елка')).toBe(true);
    expect(matchesName(rules({ keywords: ['Отчёт'], caseSensitive: true }), 'Отчет за май')).toBe(false);
    expect(matchesName(rules({ keywords: ['Отчёт'], caseSensitive: true }), 'Отчёт за май')).toBe(true);

    // The matcher the app uses reads the stored key: the same answers.
    const root = path.join(tmpDir(), 'lib');
    const lib = Library.open(root, { create: true, writer: 'test' });
    try {
      lib.sqlite.prepare("INSERT INTO templates (id, profile_id, name, rules) VALUES (1, NULL, 'Отчёты', ?)").run(JSON.stringify(rules({ keywords: ['отчёт'] })));
      const m = loadMatcher(lib.sqlite);
      expect(m.match(1, searchKeyOf('Отчет за май'), 'Отчет за май')).toBe(1);
      expect(m.match(1, searchKeyOf('ОТЧЁТ за май'), 'ОТЧЁТ за май')).toBe(1);
      expect(m.match(1, searchKeyOf('Совещание'), 'Совещание')).toBe(null);
    } finally {
      lib.close();
    }
  });
});
