/**
 * README screenshots, taken in Chromium through the harness: `npm run screenshots`.
 * Skipped in the normal test run (RECLIB_SCREENSHOTS unset).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tools } from '../test/media';
import { expect, test } from './fixtures';

const out = path.resolve('docs/screenshots');

test.skip(!process.env.RECLIB_SCREENSHOTS, 'screenshots are taken by `npm run screenshots`');
test.setTimeout(300_000);

const ff = (args: string[]) => execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args]);

/** A realistic-looking folder: Zoom meetings over a few months and lectures in several scripts. */
function makeLibrarySource(dir: string): void {
  const base = path.join(dir, 'base.mp4');
  ff(['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=1:duration=3000', '-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=16000:duration=3000',
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

test('README screenshots', async ({ app }) => {
  test.skip(app.host !== 'web', 'README screenshots come from Chromium');
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
  await page.screenshot({ path: path.join(out, 'empty-library.png') });

  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-shots-'));
  try {
    makeLibrarySource(src);
    await page.getByRole('button', { name: 'Import recordings' }).click();
    await page.getByLabel('Paths to import').fill(src);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByText('Import finished')).toBeVisible({ timeout: 120_000 });
    await page.screenshot({ path: path.join(out, 'import-report.png') });
    await page.getByRole('button', { name: 'Close' }).click();
    await expect(page.locator('.tfoot')).toHaveText('34 recordings');
    await page.getByRole('cell', { name: 'Лекция 1 — Введение в машинное обучение' }).click();
    await expect(page.getByRole('complementary', { name: 'Recording details' })).toContainText('source');
    await page.screenshot({ path: path.join(out, 'recordings.png') });
    await page.getByRole('button', { name: 'Storage' }).click();
    await expect(page.getByTestId('used-bytes')).toBeVisible();
    await page.screenshot({ path: path.join(out, 'storage.png') });
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});
