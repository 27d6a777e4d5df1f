/**
 * First paint (issue 13): `reclib serve` writes the first screen's answers (library status, app
 * settings, the Recordings list's first page) into the page it sends. They must be what the API
 * answers, be read safely whatever a name holds (quotes, `</script>`, U+2028, Cyrillic), and spare
 * the renderer those round trips; a page without them (Electron's) still asks and shows the rows.
 */
import type { Browser, Page } from '@playwright/test';
import { Library } from '@core/catalog/library';
import { searchKeyOf } from '@shared/domain';
import { DEFAULT_LIST_QUERY, FIRST_SCREEN_ELEMENT_ID, type FirstScreenAnswer } from '@shared/first-screen';
import type { RecordingQueryResult } from '@shared/domain';
import { formatDate } from '@shared/ui-format';
import { expect, test as base } from './fixtures';

/** A name that would end a script element, break out of a JSON string or an attribute if written into the page as it is. */
const HOSTILE = 'Лекция «Ёж» "по физике" </script><script>window.__injected = 1</script> \u2028строка & <!-- ещё';
/** The brief's own: closes the root element and starts a script if written as it is; quotes, &, an emoji and an NFD Ё (E + combining diaeresis). */
const HOSTILE_DIV = `</div><script>alert(1)</script> "двойные" 'одинарные' & 🎓 ${'Ёжик'.normalize('NFD')}`;
const ROWS = 250; // more than one page of the list (200)

const test = base.extend<{ library: string }>({
  library: async ({ library }, use) => {
    // Real catalog rows (the list reads rows, not files), the newest being the hostile name.
    const lib = Library.open(library, { writer: 'e2e setup' });
    try {
      const rec = lib.sqlite.prepare("INSERT INTO recordings (profile_id, display_name, search_key, start_time, status) VALUES (1, ?, ?, ?, 'ready')");
      lib.sqlite.transaction(() => {
        for (let i = 1; i <= ROWS; i++) {
          const name = i === ROWS ? HOSTILE : i === ROWS - 1 ? HOSTILE_DIV : `Семинар №${i}`;
          rec.run(name, searchKeyOf(name), Date.UTC(2025, 0, 1) + i * 60_000);
        }
      })();
    } finally {
      lib.close();
    }
    await use(library);
  },
});

test.beforeEach(() => {
  test.skip((test.info().project.metadata as { host: string }).host !== 'web', 'the page of reclib serve carries the answers; Electron asks for them');
});

const FIRST_SCREEN_CHANNELS = ['library:status', 'app:settings', 'recordings:query'];

function carried(html: string): FirstScreenAnswer[] {
  // With the host's count of library changes read before the answers (a page that missed one asks again).
  const m = new RegExp(`<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}" data-changes="\\d+">([\\s\\S]*?)</script>`).exec(html);
  expect(m, 'the page carries the first screen').not.toBeNull();
  return JSON.parse(m![1]!) as FirstScreenAnswer[];
}

async function apiAnswer(page: Page, channel: string, request: unknown): Promise<unknown> {
  const res = await page.request.post(new URL(`/api/${encodeURIComponent(channel)}`, page.url()).href, { data: request as object });
  return res.json();
}

const firstName = (page: Page) => page.locator('[role="row"][data-index="0"] .col-name');

test('the page carries the first screen exactly as the API answers it, escaped for a script element', async ({ app: { page } }) => {
  await expect(firstName(page)).toHaveAttribute('title', HOSTILE);
  const html = await (await page.request.get(new URL('/', page.url()).href)).text();
  const answers = carried(html);
  expect(answers.map((a) => a.channel)).toEqual(FIRST_SCREEN_CHANNELS);
  // One script element closes the data: the name's </script> is escaped, as are <, >, & and U+2028.
  const block = html.slice(html.indexOf(`id="${FIRST_SCREEN_ELEMENT_ID}"`));
  const data = block.slice(block.indexOf('>') + 1, block.indexOf('</script>'));
  expect(data).not.toMatch(/[<>&\u2028\u2029]/);
  expect(data).toContain('Лекция «Ёж»'); // Cyrillic stays as it is (UTF-8), not escaped
  for (const a of answers) {
    expect(await apiAnswer(page, a.channel, JSON.parse(a.request))).toEqual(a.envelope);
  }
  const page0 = answers.find((a) => a.channel === 'recordings:query')!.envelope;
  expect(page0.ok && (page0.value as { total: number; rows: { displayName: string }[] })).toMatchObject({ total: ROWS, rows: expect.arrayContaining([expect.objectContaining({ displayName: HOSTILE })]) });
});

test('a fresh page paints the carried rows without asking for them, and nothing in a name runs', async ({ app: { page } }) => {
  const asked: { channel: string; request: { offset?: number } }[] = [];
  page.on('request', (r) => {
    const m = /\/api\/([^?]+)/.exec(r.url());
    if (m) asked.push({ channel: decodeURIComponent(m[1]!), request: r.postDataJSON() as { offset?: number } });
  });
  await page.reload();
  await expect(firstName(page)).toHaveAttribute('title', HOSTILE);
  expect(await firstName(page).locator('.name-text').evaluate((el) => el.textContent)).toBe(HOSTILE);
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
  // The data element is taken out of the document once read.
  await expect(page.locator(`#${FIRST_SCREEN_ELEMENT_ID}`)).toHaveCount(0);
  // The rest of the list still comes by request: scrolling past the first page asks for the second.
  await page.locator('.tbody').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.locator(`[role="row"][data-index="${ROWS - 1}"] .col-name`)).toHaveAttribute('title', 'Семинар №1');
  expect(asked.filter((a) => a.channel === 'library:status' || a.channel === 'app:settings')).toEqual([]);
  // The list asked for its second page, never for the first (the page carried it).
  expect(asked.filter((a) => a.channel === 'recordings:query').map((a) => a.request.offset)).toContain(200);
  expect(asked.filter((a) => a.channel === 'recordings:query' && a.request.offset === 0)).toEqual([]);
});

test('a page without the answers (as in Electron) asks for them and shows the same rows', async ({ app: { page } }) => {
  await page.route(
    (url) => url.pathname === '/',
    async (route) => {
      const res = await route.fetch();
      const html = (await res.text()).replace(new RegExp(`<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}"[^>]*>[\\s\\S]*?</script>`), '');
      await route.fulfill({ response: res, body: html });
    },
  );
  const asked = new Set<string>();
  page.on('request', (r) => {
    const m = /\/api\/([^?]+)/.exec(r.url());
    if (m) asked.add(decodeURIComponent(m[1]!));
  });
  await page.reload();
  // The page still brings its static first screen: the app's own rows are there once it is gone.
  await page.locator('[data-ssr]').waitFor({ state: 'detached' });
  await expect(firstName(page)).toHaveAttribute('title', HOSTILE);
  expect([...asked]).toEqual(expect.arrayContaining(FIRST_SCREEN_CHANNELS));
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
});

/** The page as a browser without JavaScript gets it (the app's cookie, the project's language and window): only the server's HTML. */
async function staticPage(browser: Browser, app: Page): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: test.info().project.use.locale, viewport: app.viewportSize() });
  await context.addCookies(await app.context().cookies());
  const page = await context.newPage();
  await page.goto(new URL('/', app.url()).href);
  return page;
}

const rowCells = (page: Page, index: number) => page.locator(`[role="row"][data-index="${index}"]`);

test('without JavaScript the page already shows the first rows, exactly as the API lists them, names as text', async ({ app: { page }, ui }) => {
  await expect(firstName(page)).toHaveAttribute('title', HOSTILE);
  const listed = (await apiAnswer(page, 'recordings:query', DEFAULT_LIST_QUERY)) as { ok: true; value: RecordingQueryResult };
  const bare = await staticPage(page.context().browser()!, page);
  try {
    const shell = bare.locator('#root > [data-ssr]');
    await expect(shell).toHaveCount(1);
    await expect(shell).toHaveAttribute('aria-busy', 'true');
    await expect(shell).toHaveAttribute('inert', '');
    // The first rows that fill a tall window, each with the name, date, duration and size the app shows.
    const rows = bare.locator('[role="row"][data-index]');
    await expect(rows).toHaveCount(40);
    for (const [i, r] of listed.value.rows.slice(0, 40).entries()) {
      await expect(rowCells(bare, i).locator('.col-name')).toHaveAttribute('title', r.displayName);
      await expect(rowCells(bare, i).locator('.name-text')).toHaveText(r.displayName, { useInnerText: false });
      await expect(rowCells(bare, i).locator('.col-date')).toHaveText(formatDate(r.startTime, ui.lng));
      await expect(rowCells(bare, i).locator('.col-duration')).toHaveText(ui.duration(r.durationSec));
      await expect(rowCells(bare, i).locator('.col-size')).toHaveText(ui.bytes(r.sizeBytes));
      await expect(rowCells(bare, i).locator('.col-status')).toHaveText(ui.t(`status.${r.status}`));
    }
    expect(listed.value.rows[1]!.displayName).toBe(HOSTILE_DIV);
    // The names are text: no element of theirs (no script, no second root), the table still whole after them.
    await expect(bare.locator('#root script, #root b, #root img')).toHaveCount(0);
    await expect(bare.locator('#root')).toHaveCount(1);
    expect(await bare.locator('#root > *').count()).toBe(1);
    await expect(bare.locator('.tfoot')).toHaveText(ui.t('recordings.total', { count: ROWS }));
    // The page's words are the app's, in the page's language.
    await expect(bare.getByRole('navigation', { name: ui.t('nav.label') })).toHaveCount(1);
    await expect(bare.locator('.sidebar .nav-item.active')).toContainText(ui.t('nav.recordings'));
    await expect(bare.locator('.view-head h1')).toHaveText(ui.t('recordings.title'));
    await expect(bare.locator('.thead [role="columnheader"]').nth(1)).toHaveAttribute('aria-label', ui.t('recordings.columns.name'));
    await expect(bare.locator('input[type="search"]')).toHaveAttribute('placeholder', ui.t('transcript.searchPlaceholder'));
  } finally {
    await bare.context().close();
  }
});

test('the app replaces the first rows the page brought with its own, in the same place, and nothing in a name runs', async ({ app: { page }, ui }) => {
  const bare = await staticPage(page.context().browser()!, page);
  const before = { box: await rowCells(bare, 1).locator('.col-name').boundingBox(), date: await rowCells(bare, 1).locator('.col-date').textContent() };
  await bare.context().close();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.reload();
  await expect(page.locator('[data-ssr]')).toHaveCount(0);
  await expect(page.locator('#root > .app')).toHaveCount(1);
  await expect(firstName(page)).toHaveAttribute('title', HOSTILE);
  const second = rowCells(page, 1);
  await expect(second.locator('.col-name')).toHaveAttribute('title', HOSTILE_DIV);
  await expect(second.locator('.col-date')).toHaveText(before.date!);
  expect(await second.locator('.col-name').boundingBox()).toEqual(before.box);
  expect(await page.locator('.tbody').evaluate((el) => el.scrollTop)).toBe(0);
  // The app's own rows, alive: a click opens the recording.
  await second.click();
  await expect(second).toHaveClass(/selected/);
  expect(dialogs).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
  await expect(page.locator('.tfoot')).toHaveText(ui.t('recordings.total', { count: ROWS }));
});

test('the first screen paints in the stored theme before any script runs', async ({ app: { page } }) => {
  await expect(firstName(page)).toHaveAttribute('title', HOSTILE);
  const saved = (await apiAnswer(page, 'app:updateSettings', { ui: { theme: 'dark' } })) as { ok: boolean };
  expect(saved.ok).toBe(true);
  const bare = await staticPage(page.context().browser()!, page);
  try {
    await expect(bare.locator('[data-ssr] [role="row"][data-index="0"]')).toHaveCount(1);
    await expect(bare.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(bare.locator('html')).toHaveCSS('background-color', 'rgb(18, 21, 28)'); // --bg of the dark theme
    // The root holds the first screen only: the theme rides on the page's own root element.
    expect(await bare.locator('#root > *').count()).toBe(1);
  } finally {
    await bare.context().close();
  }
});
