/**
 * README screenshots, taken in Chromium through the harness: `npm run screenshots`.
 * Skipped in the normal test run (RECLIB_SCREENSHOTS unset).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeLegacyTree } from '../test/migrate/fixture';
import { tools } from '../test/media';
import { expect, test } from './fixtures';
import { detailPanel, openView } from './support/flows';
import { uiText } from './support/i18n';

const out = path.resolve('docs/screenshots');

test.skip(!process.env.RECLIB_SCREENSHOTS, 'screenshots are taken by `npm run screenshots`');
test.setTimeout(600_000);

const ff = (args: string[]) => execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args]);

/** A realistic-looking folder: Zoom meetings over a few months and lectures in several scripts. */
function makeLibrarySource(dir: string): void {
  const base = path.join(dir, 'base.mp4');
  ff(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=1:duration=3000', '-f', 'lavfi', '-i', "sine=frequency=220:sample_rate=16000:duration=3000,volume='if(lt(t,75),0,1)':eval=frame",
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-c:a', 'aac', '-b:a', '24k', '-ac', '1', base]);
  const meetings = ['Weekly sync', 'Design review', 'Sprint planning', 'Customer call — Acme', 'Retro', '1:1 with Dana', 'All hands'];
  const lectures = [
    'Лекция 1 — Введение в машинное обучение', 'Лекция 2 — Линейная регрессия', 'Семинар: градиентный спуск',
    'Applied Python 03 — decorators', 'Applied Python 04 — asyncio', '機械学習 第5回', 'Data Engineering: Kafka basics',
    'Machine Learning 06 — trees', 'Статистика, занятие 7', 'Café des sciences 🎙️',
  ];
  let n = 0;
  for (let i = 0; i < 24; i++) {
    const d = new Date(Date.UTC(2026, 4 + Math.floor(i / 5), 1 + ((i * 3) % 27), 8 + (i % 8), (i * 7) % 60));
    const pad = (x: number) => String(x).padStart(2, '0');
    const folder = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}.${pad(d.getUTCMinutes())}.00 ${meetings[i % meetings.length]} 8501234${String(5670 + i)}`;
    fs.mkdirSync(path.join(dir, 'Zoom', folder), { recursive: true });
    ff(['-i', base, '-t', String(600 + ((i * 397) % 2400)), '-c', 'copy', '-metadata', `title=m${n++}`, path.join(dir, 'Zoom', folder, `video${1700000000 + i}.mp4`)]);
  }
  for (const [i, name] of lectures.entries()) {
    const file = path.join(dir, `${name}.mp4`);
    ff(['-i', base, '-t', String(1800 + ((i * 211) % 1200)), '-c', 'copy', '-metadata', `title=l${n++}`, file]);
    // Files without a creation time are dated by their mtime: spread them over the term.
    const when = new Date(Date.UTC(2026, 8, 2 + i * 7, 9, 30));
    fs.utimesSync(file, when, when);
  }
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'reading list');
  fs.rmSync(base);
}

test('README screenshots', async ({ app, library, ui }) => {
  test.skip(app.host !== 'web' || ui.lng !== 'en', 'README screenshots come from Chromium, in English (one Russian shot is taken by switching the language)');
  test.setTimeout(900_000);
  const { page } = app;
  await page.setViewportSize({ width: 1640, height: 920 });
  const shot = (name: string) => page.screenshot({ path: path.join(out, `${name}.png`) });
  const nav = (view: string) => openView(page, ui, view);
  await expect(page.getByRole('heading', { name: ui.text('empty.title') })).toBeVisible();
  await shot('empty-library');

  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-shots-'));
  try {
    makeLibrarySource(src);
    await page.getByRole('button', { name: ui.text('empty.import') }).click();
    await page.getByLabel(ui.text('import.paths')).fill(src);
    await page.getByRole('button', { name: ui.text('import.start'), exact: true }).click();
    await expect(page.getByText(ui.text('import.finished'))).toBeVisible({ timeout: 120_000 });
    await shot('import-report');
    await page.getByRole('button', { name: ui.text('common.close') }).click();
    await expect(page.locator('.tfoot')).toHaveText(ui.text('recordings.total', { count: 34 }));

    // Process the lectures, so posters and kept ranges show.
    const lectures = await page.request.post(new URL('/api/recordings:query', page.url()).href, { data: { search: 'Лекция', limit: 10 } });
    const ids = ((await lectures.json()) as { value: { rows: { id: number }[] } }).value.rows.map((r) => r.id);
    const more = await page.request.post(new URL('/api/recordings:query', page.url()).href, { data: { search: 'Applied Python', limit: 10 } });
    ids.push(...((await more.json()) as { value: { rows: { id: number }[] } }).value.rows.map((r) => r.id));
    await page.request.post(new URL('/api/process:start', page.url()).href, { data: { ids } });
    // Tags people add, shown as chips in the rows.
    const tag = (list: number[], add: string[]) => page.request.post(new URL('/api/recordings:tag', page.url()).href, { data: { ids: list, add } });
    await tag(ids.slice(0, 3), ['ML', 'курс']);
    await tag(ids.slice(-2), ['python']);
    await nav('jobs');
    // The job title is the core's words.
    await expect(page.locator('.job-done').filter({ hasText: 'Process' })).toHaveCount(ids.length, { timeout: 240_000 });
    await shot('jobs');

    await nav('recordings');
    await page.getByRole('cell', { name: 'Лекция 1 — Введение в машинное обучение' }).click();
    const detail = detailPanel(page, ui);
    await expect(detail.locator('.facts .status')).toHaveText(ui.text('status.processed'));
    await shot('recordings');

    // The grid of posters, then the same library in the dark theme and in Russian.
    await page.getByRole('group', { name: ui.text('layout.view') }).getByRole('button', { name: ui.text('layout.grid') }).click();
    await expect(page.getByRole('list', { name: ui.text('layout.gridLabel') })).toBeVisible();
    await shot('recordings-grid');
    await page.getByRole('group', { name: ui.text('layout.view') }).getByRole('button', { name: ui.text('layout.table') }).click();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await shot('recordings-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    await nav('templates');
    await expect(page.getByRole('heading', { name: ui.text('templates.title') })).toBeVisible();
    await shot('templates');

    await nav('storage');
    await expect(page.getByTestId('used-bytes')).toBeVisible();
    await shot('storage');

    await nav('settings');
    await expect(page.getByRole('heading', { name: ui.text('profiles.title') })).toBeVisible();
    await shot('settings');
    const ru = uiText('ru-RU');
    await page.getByLabel(ui.text('settings.language')).selectOption('ru');
    await openView(page, ru, 'recordings');
    await expect(page.getByRole('heading', { level: 1, name: ru.text('recordings.title') })).toBeVisible();
    await shot('recordings-ru');
    await openView(page, ru, 'settings');
    await page.getByLabel(ru.text('settings.language')).selectOption('system');
    await expect(page.getByRole('heading', { level: 1, name: ui.text('settings.title') })).toBeVisible();

    // A stray file in the layout, for the Cleanup view to find.
    fs.writeFileSync(path.join(library, 'users/1/recordings/1/stray copy.mp4'), Buffer.alloc(300_000, 1));
    await nav('cleanup');
    await page.getByRole('button', { name: ui.text('watcher.scanNow') }).click();
    await page.getByRole('button', { name: ui.text('cleanup.dryRun') }).click();
    await expect(page.getByText('stray copy.mp4').first()).toBeVisible();
    await shot('cleanup');

    const legacy = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-shots-legacy-'));
    try {
      const media = makeLegacyTree(legacy, { dataDb: true });
      await nav('migrate');
      await page.getByLabel(ui.text('migrate.folder')).fill(media);
      await page.getByRole('button', { name: ui.text('migrate.scan'), exact: true }).click();
      await expect(page.getByRole('table', { name: ui.text('plan.table') })).toBeVisible({ timeout: 60_000 });
      await shot('migrate');
    } finally {
      fs.rmSync(legacy, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});
