/**
 * The first screen as HTML in the page of `reclib serve` (issue 13): rows from a real catalog,
 * every value from it escaped (a name that would close the root or start a script is text), the
 * UI's words as i18next says them in the renderer, and no markup at all when the app would not
 * show the list at once (no open library, an offline one, no rows, the grid).
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { Library } from '../../src-main/core/catalog/library';
import { queryRecordings } from '../../src-main/core/services/recordings';
import { escapeHtml, FIRST_SCREEN_ROWS, firstScreenHtml, themeTag } from '../../src-main/serve/first-screen-html';
import { translator } from '../../src-main/serve/first-screen-text';
import { en } from '../../src-renderer/src/i18n/locales/en/index';
import { ru } from '../../src-renderer/src/i18n/locales/ru/index';
import { searchKeyOf, type LibraryStatus, type RecordingQueryResult } from '../../src-shared/domain';
import { DEFAULT_LIST_QUERY, type FirstScreenAnswer, requestText } from '../../src-shared/first-screen';
import { appSettingsSchema, type AppSettings } from '../../src-shared/settings';
import { formatDate } from '../../src-shared/ui-format';
import { tmpDir } from '../helpers/tmp';

const HOSTILE = `</div><script>alert(1)</script> "quoted" 'single' & <b>bold</b> Лекция 🎓 ${'Ёж'.normalize('NFD')}`;
const HOSTILE_TAG = '"><img src=x onerror=alert(2)>';

/** A real catalog with `n` recordings (the newest has the hostile name and tags) and the answers the host would give for it. */
function answersFor(n: number, opts: { settings?: Partial<AppSettings['ui']>; status?: LibraryStatus } = {}): { answers: FirstScreenAnswer[]; list: RecordingQueryResult; root: string } {
  const root = `${tmpDir()}/Библиотека <&>`;
  const lib = Library.open(root, { create: true, writer: 'first-screen-html test' });
  let list: RecordingQueryResult;
  try {
    const rec = lib.sqlite.prepare("INSERT INTO recordings (id, profile_id, display_name, search_key, start_time, status) VALUES (?, 1, ?, ?, ?, 'ready')");
    const tag = lib.sqlite.prepare('INSERT INTO recording_tags (recording_id, tag, tag_key) VALUES (?, ?, ?)');
    lib.sqlite.transaction(() => {
      for (let i = 1; i <= n; i++) {
        const name = i === n ? HOSTILE : `Семинар №${i}`;
        rec.run(i, name, searchKeyOf(name), Date.UTC(2025, 0, 1) + i * 3_600_000);
      }
      if (n > 0) for (const t of [HOSTILE_TAG, 'Физика', 'Экзамен', 'Весна', 'Лето']) tag.run(n, t, searchKeyOf(t));
    })();
    list = queryRecordings(lib, DEFAULT_LIST_QUERY);
  } finally {
    lib.close();
  }
  const status: LibraryStatus = opts.status ?? { state: 'open', info: { root, catalog: `${root}/catalog.db`, schemaVersion: 9, state: 'online', recordingCount: n, profiles: [{ id: 1, name: 'Default' }] } };
  const settings = appSettingsSchema().parse({ ui: opts.settings ?? {} });
  const ok = (channel: string, request: object, value: unknown): FirstScreenAnswer => ({ channel, request: requestText(request), envelope: { ok: true, value } });
  return { answers: [ok('library:status', {}, status), ok('app:settings', {}, settings), ok('recordings:query', DEFAULT_LIST_QUERY, list)], list, root };
}

/** Every element opened is closed, in order (void inputs aside): the markup cannot leave #root early. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z0-9]+)[^>]*>/g)) {
    const [, close, tag] = m;
    if (tag === 'input') continue;
    if (!close) stack.push(tag!);
    else if (stack.pop() !== tag) return false;
  }
  return stack.length === 0;
}

describe('the first screen as HTML', () => {
  it('writes the first rows of a real catalog with every name, tag and path escaped', () => {
    const { answers, list, root } = answersFor(60);
    const html = firstScreenHtml(answers, 'ru');
    expect(html).toMatch(/^<div class="app" data-ssr inert aria-busy="true" lang="ru">/);
    expect(balanced(html)).toBe(true);
    // Nothing from the catalog is markup: no script, no img, no <b>; the name is there as text (and in attributes, quoted).
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain(`<span class="name-text">${escapeHtml(HOSTILE)}</span>`);
    expect(html).toContain(`title="${escapeHtml(HOSTILE)}"`);
    expect(escapeHtml(HOSTILE)).toContain('&lt;/div&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp; ');
    expect(html).toContain(HOSTILE.slice(HOSTILE.indexOf('Лекция'))); // Cyrillic, emoji and NFD stay as they are
    expect(html).toContain(`#${escapeHtml(HOSTILE_TAG)}</button>`);
    expect(html).toContain(escapeHtml(root));
    // The first rows, newest first, as the app places them, and no more than fill a tall window.
    const indexes = [...html.matchAll(/data-index="(\d+)"/g)].map((m) => Number(m[1]));
    expect(indexes).toEqual([...Array(FIRST_SCREEN_ROWS).keys()]);
    expect(html).toContain('transform: translateY(40px);');
    expect(html).toContain(`<div role="cell" class="td col-date">${formatDate(list.rows[0]!.startTime, 'ru')}</div>`);
    expect(html).toContain(`<div class="tfoot">${translator('ru')('recordings.total', { count: 60 })}</div>`);
    expect(html).toContain(`height: ${60 * 40}px`);
  });

  it('writes nothing when the app would not show the list at once', () => {
    expect(firstScreenHtml(answersFor(0).answers, 'en')).toBe('');
    expect(firstScreenHtml(answersFor(3, { status: { state: 'none' } }).answers, 'en')).toBe('');
    expect(firstScreenHtml(answersFor(3, { status: { state: 'unavailable', problem: { root: '/x', kind: 'not-found', reason: 'the folder does not exist', message: 'The library folder /x does not exist.' } } }).answers, 'en')).toBe('');
    const offline = answersFor(3);
    const status = offline.answers[0]!.envelope as { ok: true; value: { state: 'open'; info: { state: string } } };
    status.value.info.state = 'offline';
    expect(firstScreenHtml(offline.answers, 'en')).toBe('');
    expect(firstScreenHtml(answersFor(3, { settings: { recordingsLayout: 'grid' } }).answers, 'en')).toBe('');
    // A missing answer (the host was slow, or failed) is no first screen either.
    const { answers } = answersFor(3);
    expect(firstScreenHtml(answers.slice(0, 2), 'en')).toBe('');
    expect(firstScreenHtml([answers[0]!, answers[2]!], 'en')).toBe('');
    expect(firstScreenHtml(answers, 'en')).not.toBe('');
  });

  it('says the UI words as the renderer does (i18next over the same messages)', async () => {
    const inst = i18next.createInstance();
    await inst.init({ resources: { en: { translation: en }, ru: { translation: ru } }, lng: 'en', nsSeparator: false, interpolation: { escapeValue: false }, initAsync: false });
    for (const lng of ['en', 'ru']) {
      const t = translator(lng);
      for (const count of [0, 1, 2, 5, 11, 21, 7, 100_000, 1_234_567]) {
        for (const key of ['recordings.total', 'nav.recordingCount', 'metadata.expiringHint']) expect(t(key, { count })).toBe(inst.t(key, { lng, count }));
      }
      for (const [key, values] of [
        ['recordings.select', { name: HOSTILE }],
        ['layout.resizeColumn', { name: 'Дата' }],
        ['tagChips.more', { n: 2 }],
        ['tagChips.moreTitle', { tags: 'a, b' }],
        ['tagChips.search', { tag: HOSTILE_TAG }],
        ['status.needs_review', {}],
        ['transcript.searchPlaceholder', {}],
      ] as const) {
        expect(t(key, values)).toBe(inst.t(key, { lng, ...values }));
      }
    }
    expect(() => translator('ru')('recordings.noSuchKey')).toThrow(/no message/);
  });

  it('paints in the stored theme, else in the colour scheme the browser says it prefers', () => {
    expect(themeTag(answersFor(1, { settings: { theme: 'dark' } }).answers, '"light"')).toBe('<html data-theme="dark" style="color-scheme: dark;">');
    expect(themeTag(answersFor(1, { settings: { theme: 'light' } }).answers, undefined)).toBe('<html data-theme="light" style="color-scheme: light;">');
    const system = answersFor(1).answers;
    expect(themeTag(system, '"dark"')).toBe('<html data-theme="dark" style="color-scheme: dark;">');
    expect(themeTag(system, undefined)).toBe('');
    expect(themeTag(system, '"><script>')).toBe('');
    expect(themeTag([], '"dark"')).toBe('<html data-theme="dark" style="color-scheme: dark;">');
  });
});
