import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeAudio, makeVideo, tools } from '../test/media';
import { expect, test } from './fixtures';

function variant(from: string, to: string, tag: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-i', from, '-c', 'copy', '-metadata', `title=${tag}`, to]);
}

test('imports a folder: a Zoom folder and a Cyrillic file become two recordings, a text file is refused', async ({ app }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-src-'));
  try {
    const zoom = path.join(src, '2024-03-05 14.30.00 Weekly sync 85012345678');
    makeVideo(path.join(zoom, 'video1693482913.mp4'), { seconds: 3 });
    makeAudio(path.join(zoom, 'audio1693482913.m4a'), 2);
    const lecture = path.join(src, 'Лекция 1 — Введение.m4a');
    variant(path.join(zoom, 'audio1693482913.m4a'), lecture, 'lecture');
    fs.writeFileSync(path.join(src, 'notes.txt'), 'not a recording');
    const bytes = fs.statSync(path.join(zoom, 'video1693482913.mp4')).size + fs.statSync(lecture).size;

    await page.getByRole('button', { name: 'Import recordings' }).click();
    await page.getByLabel('Paths to import').fill(src);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByText('Import finished')).toBeVisible();
    const refused = page.getByRole('list', { name: 'Refused files' });
    await expect(refused).toContainText('notes.txt');
    await expect(refused).toContainText('not a recording: .txt files are not audio or video');
    await expect(page.locator('.report-summary')).toContainText('2 imported');
    await page.getByRole('button', { name: 'Close' }).click();

    const rows = page.getByRole('row').filter({ has: page.getByRole('cell') });
    await expect(rows).toHaveCount(2);
    await expect(page.getByRole('cell', { name: 'Weekly sync' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'Лекция 1 — Введение' })).toBeVisible();

    await page.getByRole('cell', { name: 'Лекция 1 — Введение' }).click();
    const detail = page.getByRole('complementary', { name: 'Recording details' });
    await expect(detail).toContainText('source');
    await expect(detail.locator('audio')).toHaveAttribute('src', /recording\/\d+\/video/);

    await page.getByRole('button', { name: 'Storage' }).click();
    const profile = page.getByTestId('profile-usage-1');
    const kb = (n: number) => `${(n / 1000).toFixed(n / 1000 < 10 ? 2 : 1)} KB`;
    await expect(profile.getByTestId('used-bytes')).toHaveText(kb(bytes));
    await expect(profile.locator('[data-kind="source"]')).toHaveText(kb(bytes));
    await expect(page.getByTestId('disk-free')).toBeVisible();
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});

test('moving a link imports a copy of its target and says that the original was kept', async ({ app }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-src-'));
  try {
    const target = makeVideo(path.join(src, 'originals', 'Запись [1].mp4'), { seconds: 2 });
    const link = path.join(src, 'in', '🔗 ссылка.mp4');
    fs.mkdirSync(path.dirname(link));
    fs.symlinkSync(path.join('..', 'originals', 'Запись [1].mp4'), link);

    await page.getByRole('button', { name: 'Import recordings' }).click();
    await page.getByLabel('Paths to import').fill(path.dirname(link));
    await page.getByLabel(/Move instead of copy/).check();
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByText('Import finished')).toBeVisible();
    await expect(page.locator('.report-summary')).toContainText('1 imported');
    const warned = page.getByRole('list', { name: 'Imported with warnings' });
    await expect(warned).toContainText('🔗 ссылка.mp4');
    await expect(warned).toContainText('original kept: it is a link');
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(target)).toBe(true);
    await page.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('cell', { name: '🔗 ссылка' })).toBeVisible();
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});

test('search narrows the table, any script, and rename keeps the file', async ({ app }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-src-'));
  try {
    const base = makeAudio(path.join(src, 'base.m4a'), 1);
    variant(base, path.join(src, 'in', 'Семинар по физике.m4a'), 'a');
    variant(base, path.join(src, 'in', 'Physics seminar.m4a'), 'b');
    await page.getByRole('button', { name: 'Import recordings' }).click();
    await page.getByLabel('Paths to import').fill(path.join(src, 'in'));
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByText('Import finished')).toBeVisible();
    await page.getByRole('button', { name: 'Close' }).click();
    const rows = page.getByRole('row').filter({ has: page.getByRole('cell') });
    await expect(rows).toHaveCount(2);
    await page.getByLabel('Search recordings').fill('СЕМИНАР');
    await expect(rows).toHaveCount(1);
    await rows.first().click();
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('Display name').fill('Семинар: механика');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('complementary', { name: 'Recording details' }).getByRole('heading', { level: 2 })).toHaveText('Семинар: механика');
    await expect(page.getByRole('complementary', { name: 'Recording details' })).toContainText('source.m4a');
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});

test('a profile limit set in Settings refuses an import that would go over it, before copying', async ({ app }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-src-'));
  try {
    makeVideo(path.join(src, 'talk.mp4'), { seconds: 3 });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Limit of profile 1 in GB').fill('0.000001');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByRole('button', { name: 'Storage' }).click();
    await expect(page.getByTestId('profile-usage-1')).toContainText('used of 1.00 KB');
    await page.getByRole('button', { name: 'Recordings' }).click();
    await page.getByRole('button', { name: 'Import recordings' }).click();
    await page.getByLabel('Paths to import').fill(src);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('dialog')).toContainText(/would go over its limit: the import needs .* but only 1.00 KB of 1.00 KB is free/);
    await page.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});
