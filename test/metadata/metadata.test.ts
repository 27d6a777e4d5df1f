/**
 * Metadata people add (issue 16): description and tags per recording, found by the search box
 * (Cyrillic in any case), exported beside the files, set from the CLI and IPC; and the Recordings
 * view's "expiring soon" filter. Real SQLite catalogs, real files, real imports.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog, SCHEMA_VERSION } from '@core/catalog/connection';
import { migrations } from '@core/catalog/migrations.generated';
import { Library } from '@core/catalog/library';
import { exportRecordings } from '@core/export/export';
import { NEVER } from '@core/expiry/expiry';
import { changeTags, setDescription } from '@core/metadata/metadata';
import { AppCore, headlessPlatform } from '@core/services/app';
import { getRecording, queryRecordings } from '@core/services/recordings';
import { recordingQuerySchema } from '@shared/channels/recordings';
import { normalizeTag, parseTagList, TagError } from '@shared/metadata';
import { silentLogger } from '../../src-main/core/log/logger';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { dispatch } from '../../src-main/handlers/dispatch';
import { cliIn, libraryWith } from '../integrity/helpers';
import { tmpDir } from '../helpers/tmp';

const LONG = 300_000;
const DAY = 86_400_000;

const found = (lib: Library, search: string, extra: Record<string, unknown> = {}, now?: number) =>
  queryRecordings(lib, recordingQuerySchema.parse({ search, ...extra }), now)
    .rows.map((r) => r.id)
    .sort((a, b) => a - b);

async function json(args: string[], code = 0): Promise<unknown> {
  const r = await cliIn([...args, '--json']);
  expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(code);
  return JSON.parse(r.stdout) as unknown;
}

describe('tags and descriptions', () => {
  it('a tag is NFC, trimmed, without "#"; case makes no second tag on a recording; bad tags are refused', async () => {
    expect(normalizeTag('  #Мои\u0306   проекты ')).toBe('Мой проекты'.normalize('NFC'));
    expect(parseTagList('лекция, Лекция,#физика,, ЛЕКЦИЯ')).toEqual(['лекция', 'физика']);
    expect(() => normalizeTag('#')).toThrow(TagError);
    expect(() => normalizeTag('x'.repeat(65))).toThrow(/at most 64/);
    const f = await libraryWith(2);
    const [a] = f.ids as [number];
    const r = changeTags(f.lib, [a], { add: ['Мои\u0306', 'МОЙ', 'мой', 'Лекция'] });
    expect(r.updated).toEqual([{ id: a, description: null, tags: ['Мой', 'Лекция'] }]);
    const stored = f.lib.sqlite.prepare('SELECT tag, tag_key AS k FROM recording_tags WHERE recording_id = ? ORDER BY rowid').all(a);
    expect(stored).toEqual([
      { tag: 'Мой', k: 'мой' },
      { tag: 'Лекция', k: 'лекция' },
    ]);
    // Removing by another case removes it; removing what is not there is no error.
    expect(changeTags(f.lib, [a], { remove: ['лЕКЦИЯ', 'нет такого'] }).updated[0]!.tags).toEqual(['Мой']);
    // The database refuses a second spelling even past the core (the key is the primary key).
    expect(() => f.lib.sqlite.prepare("INSERT INTO recording_tags (recording_id, tag, tag_key) VALUES (?, 'МОЙ', 'мой')").run(a)).toThrow(/UNIQUE|PRIMARY/);
    f.lib.close();
  });

  it('the search finds by description and tag in any case ("Лекция" by "лекция"), "#tag" only in tags, all words needed', async () => {
    const f = await libraryWith(4);
    const [a, b, c, d] = f.ids as [number, number, number, number];
    setDescription(f.lib, a, 'Лекция по физике: Законы НЬЮТОНА');
    changeTags(f.lib, [b], { add: ['Семинар', 'Физика'] });
    changeTags(f.lib, [c], { add: ['Лекция'] });
    expect(found(f.lib, 'лекция')).toEqual([a, c]);
    expect(found(f.lib, 'ЛЕКЦИЯ')).toEqual([a, c]);
    expect(found(f.lib, 'ньютона')).toEqual([a]);
    expect(found(f.lib, '#лекция')).toEqual([c]); // a tag, not a description
    expect(found(f.lib, '#сем')).toEqual([b]); // a tag that starts so
    expect(found(f.lib, 'физик')).toEqual([a, b]);
    expect(found(f.lib, 'физик семинар')).toEqual([b]);
    expect(found(f.lib, 'физике лекция')).toEqual([a]);
    // What the search did before still works: the name, and the id.
    // Imports commit in the order their probes finish, so "Запись 4" need not hold the highest id.
    const fourth = (f.lib.sqlite.prepare("SELECT id FROM recordings WHERE display_name LIKE 'Запись 4%'").get() as { id: number }).id;
    expect(found(f.lib, 'запись 4')).toEqual([fourth]);
    expect(found(f.lib, `#${d}`)).toEqual([d]);
    // Characters LIKE treats specially are plain text.
    setDescription(f.lib, d, 'скидка 100%_');
    expect(found(f.lib, '%_')).toEqual([d]);
    // Cleared, it is found no more; the detail says what is there.
    setDescription(f.lib, a, '   ');
    expect(found(f.lib, 'ньютона')).toEqual([]);
    expect(getRecording(f.lib, b)).toMatchObject({ description: null, tags: ['Семинар', 'Физика'] });
    expect(getRecording(f.lib, d).description).toBe('скидка 100%_');
    f.lib.close();
  });

  it(
    'reclib describe and tag on many recordings (JSON), show --json has them, a missing id is skipped; export writes them beside the files',
    async () => {
      const f = await libraryWith(3);
      const [a, b, c] = f.ids as [number, number, number];
      f.lib.close();
      const root = f.root;
      const described = (await json(['describe', String(a), '--text', 'Лекция о звуке\nвторая строка', '--library', root])) as { description: string };
      expect(described).toEqual({ id: a, description: 'Лекция о звуке\nвторая строка', tags: [] });
      const tagged = (await json(['tag', String(a), String(b), String(c), '--add', 'лекция,Звук', '--add', 'черновик', '--library', root])) as { updated: { id: number; tags: string[] }[] };
      expect(tagged.updated.map((u) => [u.id, u.tags])).toEqual([
        [a, ['лекция', 'Звук', 'черновик']],
        [b, ['лекция', 'Звук', 'черновик']],
        [c, ['лекция', 'Звук', 'черновик']],
      ]);
      const removed = (await json(['tag', String(b), String(c), '999', '--remove', 'ЧЕРНОВИК', '--library', root], 1)) as {
        updated: { id: number; tags: string[] }[];
        skipped: { id: number; reason: string }[];
      };
      expect(removed.updated.map((u) => u.tags)).toEqual([
        ['лекция', 'Звук'],
        ['лекция', 'Звук'],
      ]);
      expect(removed.skipped).toEqual([{ id: 999, reason: 'there is no recording #999' }]);
      const shown = (await json(['show', String(a), '--library', root])) as Record<string, unknown>;
      expect(shown).toMatchObject({ id: a, description: 'Лекция о звуке\nвторая строка', tags: ['лекция', 'Звук', 'черновик'] });
      // reclib search finds what the search box finds: description words and tags, saying where.
      const bySaid = (await json(['search', 'ЗВУКЕ', '--library', root])) as { id: number; in: string; text: string; start: number | null }[];
      expect(bySaid).toEqual([{ id: a, name: expect.any(String), in: 'description', text: 'Лекция о звуке вторая строка', start: null, end: null }]);
      const byTag = (await json(['search', '#черн', '--library', root])) as { id: number; in: string; text: string }[];
      // Only #a still has "черновик" (removed from b and c above).
      expect(byTag.map((h) => [h.id, h.in, h.text])).toEqual([[a, 'tags', '#лекция #Звук #черновик']]);
      const text = await cliIn(['search', 'звуке', '--library', root]);
      expect(text.stdout).toMatch(new RegExp(`^#${a} .+ \\(description: Лекция о звуке вторая строка\\)$`, 'm'));
      // `show` puts a description's later lines under its first, not at the start of a line.
      const shownText = await cliIn(['show', String(a), '--library', root]);
      expect(shownText.stdout).toContain('  description: Лекция о звуке\n               вторая строка\n');
      const usage = await cliIn(['tag', String(a), '--library', root]);
      expect(usage.status).toBe(2);
      expect(usage.stderr).toContain('--add');
      // An option given with nothing a tag can be made of says so, not that the option is missing.
      for (const given of ['#', '', ' , ##']) {
        const blank = await cliIn(['tag', String(a), '--add', given, '--library', root]);
        expect(blank.status, given).toBe(2);
        expect(blank.stderr).toContain(`--add: ${JSON.stringify(given)} holds no tag (a tag cannot be empty)`);
      }

      const lib = Library.open(root, { writer: 'test' });
      try {
        const out = path.join(tmpDir('reclib-meta-out-'), 'Экспорт');
        const rep = await exportRecordings(lib, [a, b], out);
        expect(rep.failed).toEqual([]);
        const meta = rep.exported.map((e) => e.files.find((x) => x.role === 'metadata'));
        expect(meta.every(Boolean)).toBe(true);
        const media = rep.exported[0]!.files.find((x) => x.role === 'media')!;
        expect(path.basename(meta[0]!.path)).toBe(path.basename(media.path).replace(/\.[^.]+$/, '.json'));
        const sidecar = JSON.parse(fs.readFileSync(meta[0]!.path, 'utf8')) as Record<string, unknown>;
        expect(sidecar).toMatchObject({ id: a, description: 'Лекция о звуке\nвторая строка', tags: ['лекция', 'Звук', 'черновик'] });
        expect(fs.statSync(meta[0]!.path).size).toBe(meta[0]!.size);
        // A recording with neither gets no sidecar.
        changeTags(lib, [c], { remove: ['лекция', 'звук'] });
        const bare = await exportRecordings(lib, [c], out);
        expect(bare.exported[0]!.files.map((x) => x.role)).not.toContain('metadata');
      } finally {
        lib.close();
      }
    },
    LONG,
  );

  it(
    'recordings:describe and recordings:tag over the IPC contract: validated, and recordings:query finds the result',
    async () => {
      const f = await libraryWith(2);
      const [a, b] = f.ids as [number, number];
      f.lib.close();
      const core = new AppCore({ log: silentLogger, owner: 'test' });
      await core.open(f.root);
      const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(path.join(tmpDir(), 'userdata')), log: silentLogger };
      try {
        expect(await dispatch('recordings:tag', { ids: [a] }, ctx)).toMatchObject({ ok: false, error: { code: 'EINVAL' } });
        expect(await dispatch('recordings:tag', { ids: [], add: ['x'] }, ctx)).toMatchObject({ ok: false, error: { code: 'EINVAL' } });
        expect(await dispatch('recordings:describe', { id: a, description: 'x'.repeat(10_001) }, ctx)).toMatchObject({ ok: false, error: { code: 'EINVAL' } });
        expect(await dispatch('recordings:describe', { id: a, description: 'Встреча с КЛИЕНТОМ' }, ctx)).toMatchObject({ ok: true, value: { id: a, description: 'Встреча с КЛИЕНТОМ' } });
        expect(await dispatch('recordings:tag', { ids: [a, b], add: ['Отчёт'] }, ctx)).toMatchObject({ ok: true, value: { updated: [{ id: a }, { id: b }] } });
        const q = await dispatch('recordings:query', { search: 'клиентом' }, ctx);
        expect(q).toMatchObject({ ok: true, value: { total: 1, rows: [{ id: a }] } });
        expect(await dispatch('recordings:query', { search: '#отчёт' }, ctx)).toMatchObject({ ok: true, value: { total: 2 } });
        expect(await dispatch('recordings:get', { id: b }, ctx)).toMatchObject({ ok: true, value: { tags: ['Отчёт'], description: null } });
      } finally {
        await core.closeAsync();
      }
    },
    LONG,
  );

  it('migration 0004 applies to an existing library with recordings, keeping them; tags go with a forgotten recording', async () => {
    const f = await libraryWith(2);
    const [a] = f.ids as [number];
    f.lib.close();
    // Take the catalog back to before 0004: the migration's table and columns gone, its row too.
    const file = path.join(f.root, 'catalog.db');
    const before = migrations.findIndex((m) => m.tag.startsWith('0004'));
    expect(before).toBeGreaterThan(0);
    {
      const old = openCatalog(path.join(tmpDir(), 'old.db'), { create: true, migrations: migrations.slice(0, before) });
      expect(old.schemaVersion).toBe(before);
      old.close();
    }
    const raw = openCatalog(file);
    // 0008 first (its index and triggers read description_key), as the app before 0004 had neither.
    raw.sqlite.exec('DROP TRIGGER recordings_fts_insert; DROP TRIGGER recordings_fts_update; DROP TRIGGER recordings_fts_delete; DROP TABLE recordings_fts;');
    raw.sqlite.exec('DROP TABLE recording_tags; ALTER TABLE recordings DROP COLUMN description; ALTER TABLE recordings DROP COLUMN description_key;');
    const fts = migrations.findIndex((m) => m.tag.startsWith('0008'));
    for (const i of [before, fts]) raw.sqlite.prepare('DELETE FROM "__drizzle_migrations" WHERE created_at = ?').run(migrations[i]!.when);
    raw.sqlite.pragma(`user_version = ${before}`);
    const names = raw.sqlite.prepare('SELECT id, display_name AS n FROM recordings ORDER BY id').all();
    raw.close();

    const lib = Library.open(f.root, { writer: 'test' });
    try {
      expect(lib.catalog.schemaVersion).toBe(SCHEMA_VERSION);
      expect(lib.sqlite.prepare('SELECT id, display_name AS n FROM recordings ORDER BY id').all()).toEqual(names);
      expect(getRecording(lib, a)).toMatchObject({ description: null, tags: [] });
      changeTags(lib, [a], { add: ['после миграции'] });
      expect(found(lib, 'миграции')).toEqual([a]);
      // A recording's row going takes its tags with it (the foreign key cascades).
      lib.sqlite.prepare('DELETE FROM files WHERE recording_id = ?').run(a);
      lib.sqlite.prepare('DELETE FROM recordings WHERE id = ?').run(a);
      expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM recording_tags').get()).toEqual({ n: 0 });
    } finally {
      lib.close();
    }
  });
});

describe('expiring soon', () => {
  it('within N days from now, inclusive; past dates in; NEVER, none, trashed out; the profile policy counts', async () => {
    const f = await libraryWith(7);
    const ids = f.ids as [number, number, number, number, number, number, number];
    const [edge, past, over, never, none, policy, trashed] = ids;
    const now = Date.UTC(2026, 11, 2, 12);
    const set = f.lib.sqlite.prepare('UPDATE recordings SET expire_at = ?, created_at = ? WHERE id = ?');
    set.run(now + 7 * DAY, now - DAY, edge); // exactly on the boundary: in
    set.run(now - 3 * DAY, now - 10 * DAY, past); // past its date, not yet cleaned up: in
    set.run(now + 7 * DAY + 1, now, over); // a millisecond past the window: out
    set.run(NEVER, now - 400 * DAY, never);
    set.run(null, now - 400 * DAY, none); // profile 1 has no policy yet
    set.run(now + DAY, now, trashed);
    f.lib.sqlite.prepare("UPDATE recordings SET status = 'trashed' WHERE id = ?").run(trashed);
    expect(found(f.lib, '', { expiringWithinDays: 7 }, now)).toEqual([edge, past]);
    expect(found(f.lib, '', { expiringWithinDays: 1 }, now)).toEqual([past]);
    // The profile's "after 30 days": `none` and `policy` (imported 25 days ago) now expire; `never` still not.
    f.lib.sqlite.prepare('UPDATE profiles SET expire_after_days = 30').run();
    f.lib.sqlite.prepare('UPDATE recordings SET created_at = ? WHERE id = ?').run(now - 25 * DAY, policy);
    f.lib.sqlite.prepare('UPDATE recordings SET created_at = ? WHERE id = ?').run(now - 22 * DAY - 1, none); // due in 8 days less 1 ms
    expect(found(f.lib, '', { expiringWithinDays: 7 }, now)).toEqual([edge, past, policy]);
    expect(found(f.lib, '', { expiringWithinDays: 8 }, now)).toEqual([edge, past, over, none, policy]);
    // With a search too: both must hold.
    changeTags(f.lib, [policy, never], { add: ['лекция'] });
    expect(found(f.lib, '#лекция', { expiringWithinDays: 7 }, now)).toEqual([policy]);
    expect(() => recordingQuerySchema.parse({ expiringWithinDays: 0 })).toThrow();
    f.lib.close();
  });

  it(
    'reclib list --expiring 7d --json lists only those; a bad period is a usage error',
    async () => {
      const f = await libraryWith(3);
      const [a, b, c] = f.ids as [number, number, number];
      f.lib.close();
      await json(['expire', String(a), '--in', '5d', '--library', f.root]);
      await json(['expire', String(b), '--in', '30d', '--library', f.root]);
      await json(['expire', String(c), '--never', '--library', f.root]);
      const soon = (await json(['list', '--expiring', '7d', '--library', f.root])) as { id: number }[];
      expect(soon.map((r) => r.id)).toEqual([a]);
      const month = (await json(['list', '--expiring', '5w', '--library', f.root])) as { id: number }[];
      expect(month.map((r) => r.id)).toEqual([a, b]);
      expect(((await json(['list', '--library', f.root])) as unknown[]).length).toBe(3);
      const bad = await cliIn(['list', '--expiring', 'soon', '--library', f.root]);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('--expiring');
    },
    LONG,
  );
});
