import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeVideo } from '../test/media';
import { expect, test } from './fixtures';

test('process a recording from its detail panel: status becomes Processed and the poster appears', async ({ app }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-media-'));
  try {
    const file = makeVideo(path.join(dir, 'Weekly sync.mp4'), {
      seconds: 16,
      audio: [
        { tone: false, seconds: 4 },
        { tone: true, seconds: 8 },
        { tone: false, seconds: 4 },
      ],
    });
    await page.getByRole('button', { name: 'Import recordings' }).click();
    await page.getByLabel('Paths to import').fill(file);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByText('Import finished')).toBeVisible();
    await page.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('row').filter({ hasText: 'Weekly sync' }).click();
    const detail = page.getByRole('complementary', { name: 'Recording details' });
    await expect(detail.locator('.facts .status')).toHaveText('Ready');
    await expect(detail.locator('video.player')).not.toHaveAttribute('poster', /.+/);

    await detail.getByRole('button', { name: 'Process', exact: true }).click();
    await expect(detail.locator('.facts .status')).toHaveText('Processed', { timeout: 60_000 });
    await expect(detail.locator('[data-stage="poster"] .stage-status')).toHaveText('done');
    await expect(detail.locator('[data-stage="audio"] .stage-status')).toHaveText('done');
    await expect(detail.getByRole('button', { name: 'Re-process' })).toBeEnabled();

    const video = detail.locator('video.player');
    await expect(video).toHaveAttribute('poster', /\/recording\/\d+\/poster/);
    const posterUrl = new URL((await video.getAttribute('poster'))!, page.url()).href;
    const res = await page.request.get(posterUrl);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/jpeg');
    await expect(detail.locator('.files')).toContainText('poster.jpg');

    // The Jobs view shows the finished job with its stages.
    await page.getByRole('button', { name: /Jobs/ }).click();
    await expect(page.locator('.job-done').filter({ hasText: 'Process "Weekly sync"' }).locator('[data-stage="trim"]')).toBeVisible();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('"Process all new" in the toolbar queues every new recording', async ({ app }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-media-'));
  try {
    makeVideo(path.join(dir, 'a.mp4'), { seconds: 4 });
    makeVideo(path.join(dir, 'b.mp4'), { seconds: 5 });
    await page.getByRole('button', { name: 'Import recordings' }).click();
    await page.getByLabel('Paths to import').fill(dir);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByText('Import finished')).toBeVisible();
    await page.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Process all new' }).click();
    await expect(page.getByRole('status')).toContainText('Processing 2 new recordings');
    await expect(page.locator('.tbody .status-processed')).toHaveCount(2, { timeout: 60_000 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
