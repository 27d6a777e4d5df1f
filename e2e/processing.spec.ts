import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { formatDuration } from '../src-shared/ui-format';
import { makeVideo, tools } from '../test/media';
import { expect, test } from './fixtures';
import { detailPanel, importPaths, openView } from './support/flows';
import { currentHarness } from './harness/harness';

test('process a recording from its detail panel: status becomes Processed and the poster appears', async ({ app, ui }) => {
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
    await importPaths(page, ui, [file]);

    await page.getByRole('cell', { name: 'Weekly sync', exact: true }).click();
    const detail = detailPanel(page, ui);
    await expect(detail.locator('.facts .status')).toHaveText(ui.text('status.ready'));
    // Before processing there is no poster frame (a template's thumbnail may stand in).
    await expect(detail.locator('video.player')).not.toHaveAttribute('poster', /\/poster/);

    await detail.getByRole('button', { name: ui.text('processing.process'), exact: true }).click();
    await expect(detail.locator('.facts .status')).toHaveText(ui.text('status.processed'), { timeout: 150_000 });
    await expect(detail.locator('[data-stage="poster"] .stage-status')).toHaveText(ui.text('stages.status.done'));
    await expect(detail.locator('[data-stage="audio"] .stage-status')).toHaveText(ui.text('stages.status.done'));
    await expect(detail.getByRole('button', { name: ui.text('processing.reprocess') })).toBeEnabled();

    const video = detail.locator('video.player');
    await expect(video).toHaveAttribute('poster', /\/recording\/\d+\/poster/);
    const posterUrl = new URL((await video.getAttribute('poster'))!, page.url()).href;
    const res = await page.request.get(posterUrl);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('image/jpeg');
    await expect(detail.locator('.files')).toContainText('poster.jpg');

    // The Jobs view shows the finished job with its stages, its title in the page's language.
    await openView(page, ui, 'jobs');
    await expect(page.locator('.job-done').filter({ hasText: ui.text('jobWords.title.process', { name: 'Weekly sync' }) }).locator('[data-stage="trim"]')).toBeVisible();
    await expect(page.locator('.job-done').filter({ hasText: ui.text('jobWords.title.import', { path: file }) })).toBeVisible();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a processed recording whose job is no longer listed says what processing kept, not "not processed yet"', async ({ app, ui, library }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-nojob-'));
  try {
    const file = makeVideo(path.join(dir, 'Лекция без задания.mp4'), { seconds: 30, gop: 1, audio: [{ tone: false, seconds: 10 }, { tone: true, seconds: 8 }, { tone: false, seconds: 12 }] });
    await importPaths(page, ui, [file]);
    await page.getByRole('cell', { name: 'Лекция без задания', exact: true }).click();
    const detail = detailPanel(page, ui);
    await detail.getByRole('button', { name: ui.text('processing.process'), exact: true }).click();
    await expect(detail.locator('.facts .status')).toHaveText(ui.text('status.processed'), { timeout: 150_000 });

    // The Jobs list keeps the latest hundred: a recording processed long ago has no job in it.
    const db = new Database(path.join(library, 'catalog.db'));
    const kept = db.prepare('SELECT kept_start_ms AS a, kept_end_ms AS b FROM recordings').get() as { a: number; b: number };
    db.prepare("DELETE FROM jobs WHERE kind = 'process'").run();
    db.close();
    expect(kept.a).toBeGreaterThan(0);
    await page.reload();
    await page.getByRole('cell', { name: 'Лекция без задания', exact: true }).click();
    const panel = detail.getByRole('region', { name: ui.text('processing.label'), exact: true });
    const clock = (ms: number) => formatDuration(ms / 1000);
    await expect(panel).toContainText(ui.text('processing.processedKept', { from: clock(kept.a), to: clock(kept.b) }));
    await expect(panel).not.toContainText(ui.text('processing.notYet'));
    await expect(detail.getByRole('button', { name: ui.text('processing.reprocess') })).toBeEnabled();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a trimmed copy deleted by hand: the recording is missing, says why, and Re-process makes the copy again', async ({ app, ui, library }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-remake-'));
  try {
    const file = makeVideo(path.join(dir, 'Планёрка «пятница».mp4'), {
      // 8 s of silence at each end: trimmed with the default 5 s of padding.
      seconds: 24,
      audio: [
        { tone: false, seconds: 8 },
        { tone: true, seconds: 8 },
        { tone: false, seconds: 8 },
      ],
    });
    await importPaths(page, ui, [file]);
    const cell = page.getByRole('cell', { name: 'Планёрка «пятница»', exact: true });
    await cell.click();
    const detail = detailPanel(page, ui);
    await detail.getByRole('button', { name: ui.text('processing.process'), exact: true }).click();
    await expect(detail.locator('.facts .status')).toHaveText(ui.text('status.processed'), { timeout: 150_000 });
    await expect(detail.locator('.files')).toContainText('video.mp4');

    const folder = path.join(library, 'users', '1', 'recordings');
    const copy = fs.readdirSync(folder).map((id) => path.join(folder, id, 'video.mp4')).find((p) => fs.existsSync(p))!;
    fs.rmSync(copy);
    await openView(page, ui, 'cleanup');
    await page.getByRole('button', { name: ui.text('watcher.scanNow') }).click();
    await expect(page.getByTestId('scan-result')).toBeVisible();
    await openView(page, ui, 'recordings');
    await cell.click();
    await expect(detail.locator('.facts .status')).toHaveText(ui.text('status.missing'));
    await expect(detail).toContainText(ui.text('processing.remakeHint'));
    await detail.getByRole('button', { name: ui.text('detail.forget') }).click();
    const dialog = page.getByRole('dialog', { name: ui.text('forget.label') });
    await expect(dialog).toContainText(ui.text('forget.remakeInstead'));
    await dialog.getByRole('button', { name: ui.text('common.cancel') }).click();

    await detail.getByRole('button', { name: ui.text('processing.reprocess') }).click();
    await expect(detail.locator('.facts .status')).toHaveText(ui.text('status.processed'), { timeout: 150_000 });
    await expect(detail).not.toContainText(ui.text('processing.remakeHint'));
    expect(fs.existsSync(copy)).toBe(true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an audio-only recording is processed into audio files and its player plays the trimmed copy', async ({ app, ui }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-audio-'));
  try {
    // A voice message as messengers write it: Opus in Ogg, 8 s of silence at each end.
    const file = path.join(dir, 'Голосовое.ogg');
    execFileSync(tools.ffmpeg, [
      '-v', 'error', '-f', 'lavfi', '-i', "sine=frequency=440:sample_rate=48000:duration=30,volume='if(between(t,8,22),0.5,0)':eval=frame",
      '-ac', '1', '-c:a', 'libopus', '-b:a', '24k', file,
    ]);
    await importPaths(page, ui, [file]);

    await page.getByRole('cell', { name: 'Голосовое', exact: true }).click();
    const detail = detailPanel(page, ui);
    await detail.getByRole('button', { name: ui.text('processing.process'), exact: true }).click();
    await expect(detail.locator('.facts .status')).toHaveText(ui.text('status.processed'), { timeout: 150_000 });
    await expect(detail.locator('[data-stage="poster"] .stage-status')).toHaveText(ui.text('stages.status.skipped'));
    const files = detail.locator('.files');
    await expect(files).toContainText('audio.opus');
    await expect(files).toContainText('audio.mp3');
    await expect(files).not.toContainText('video.');

    // Opened afresh, the player loads the trimmed copy (kept 3 s to 27 s with the default 5 s padding).
    await page.reload();
    await page.getByRole('cell', { name: 'Голосовое', exact: true }).click();
    const player = detailPanel(page, ui).locator('audio.player');
    const src = new URL((await player.getAttribute('src'))!, page.url()).href;
    const res = await page.request.get(src);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('audio/ogg');
    const duration = () =>
      player.evaluate((el) => {
        const d = (el as unknown as { duration: number }).duration;
        return Number.isFinite(d) ? Math.round(d) : null;
      });
    // Waits for the element to have read the file's metadata (a state, not a time).
    await expect.poll(duration, { timeout: 30_000 }).toBe(24);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('"Process all new" in the toolbar queues every new recording', async ({ app, ui }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-media-'));
  try {
    makeVideo(path.join(dir, 'a.mp4'), { seconds: 4 });
    makeVideo(path.join(dir, 'b.mp4'), { seconds: 5 });
    await importPaths(page, ui, [dir]);
    await page.getByRole('button', { name: ui.text('recordings.processAllNew') }).click();
    await expect(page.getByRole('status').filter({ hasText: ui.text('recordings.processingStarted', { count: 2 }) })).toBeVisible();
    await expect(page.locator('.tbody .status-processed')).toHaveCount(2, { timeout: 150_000 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('"Cancel all" in the Jobs view cancels every job still running or waiting, in one click', async ({ app, ui }) => {
  const { page } = app;
  const host = currentHarness().host;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-cancel-all-'));
  const saved = process.env.FFMPEG_BIN ?? null;
  try {
    // The audio encode held at real-time speed: the jobs are still going when the button is pressed, however busy the machine.
    const slow = path.join(dir, 'ffmpeg-real-time');
    fs.writeFileSync(slow, `#!/bin/sh\ncase " $* " in *libmp3lame*) exec '${tools.ffmpeg}' -re "$@";; esac\nexec '${tools.ffmpeg}' "$@"\n`, { mode: 0o755 });
    await host.setEnv({ FFMPEG_BIN: slow });
    await host.request('media:status', { refresh: true });
    for (const [i, n] of ['Лекция 1', 'Лекция 2', 'Лекция 3'].entries()) makeVideo(path.join(dir, 'in', `${n}.mp4`), { seconds: 300 + i, fps: 2, size: '64x36' });
    await importPaths(page, ui, [path.join(dir, 'in')]);
    await page.getByRole('button', { name: ui.text('recordings.processAllNew') }).click();
    await expect(page.getByRole('status').filter({ hasText: ui.text('recordings.processingStarted', { count: 3 }) })).toBeVisible();
    await openView(page, ui, 'jobs');
    await page.getByRole('button', { name: ui.text('jobs.cancelAll', { count: 3 }) }).click();
    await expect(page.locator('.job-cancelled')).toHaveCount(3, { timeout: 60_000 });
    await expect(page.locator('.job-running, .job-queued')).toHaveCount(0);
    await openView(page, ui, 'recordings');
    await expect(page.locator('.tbody .status-ready')).toHaveCount(3);
  } finally {
    await host.setEnv({ FFMPEG_BIN: saved });
    await host.request('media:status', { refresh: true });
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a failing FFmpeg self-test shows what is wrong and disables processing until it works', async ({ app, ui }) => {
  // The web harness can point its core host's real self-test at a broken ffmpeg.
  test.skip(app.host !== 'web', 'the Electron app runs its own self-test at launch');
  const { page } = app;
  const host = currentHarness().host;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-ff-'));
  const saved = process.env.FFMPEG_BIN ?? null;
  const selfTest = async () => (await host.request('media:status', { refresh: true })) as { ok: true; value: { ok: boolean } };
  try {
    const fake = path.join(dir, 'ffmpeg');
    fs.writeFileSync(fake, '#!/bin/sh\necho "error while loading shared libraries: libavdevice.so.59" >&2\nexit 127\n', { mode: 0o755 });
    await host.setEnv({ FFMPEG_BIN: fake });
    expect((await selfTest()).value.ok).toBe(false);
    await page.reload();
    const banner = page.locator('.media-banner');
    await expect(banner).toContainText(ui.text('media.disabled'));
    await expect(banner).toContainText('libavdevice');
    await expect(banner).toContainText(ui.text('media.howToFix'));
    await expect(page.getByRole('button', { name: ui.text('recordings.processAllNew') })).toBeDisabled();

    await host.setEnv({ FFMPEG_BIN: saved });
    await banner.getByRole('button', { name: ui.text('media.checkAgain') }).click();
    await expect(banner).toHaveCount(0);
    await expect(page.getByRole('button', { name: ui.text('recordings.processAllNew') })).toBeEnabled();
  } finally {
    await host.setEnv({ FFMPEG_BIN: saved });
    await selfTest();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('processing that fails on a damaged source says why in the page language, not in the core\'s English', async ({ app, ui, library }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-broken-'));
  try {
    const file = makeVideo(path.join(dir, 'Семинар [испорчен].mp4'), { seconds: 4 });
    await importPaths(page, ui, [file]);
    // The library's copy is damaged after the import (a bad sector, a sync tool): same size, other bytes.
    const folder = path.join(library, 'users', '1', 'recordings');
    const source = fs.readdirSync(folder).map((id) => path.join(folder, id, 'source.mp4')).find((p) => fs.existsSync(p))!;
    fs.writeFileSync(source, Buffer.alloc(fs.statSync(source).size, 0x5a));

    await page.getByRole('cell', { name: 'Семинар [испорчен]', exact: true }).click();
    const detail = detailPanel(page, ui);
    await detail.getByRole('button', { name: ui.text('processing.process'), exact: true }).click();
    const outcome = detail.locator('.job-outcome-failed');
    await expect(outcome).toBeVisible({ timeout: 150_000 });
    await expect(outcome).toHaveText(ui.text('processing.lastRunError', { state: ui.text('jobState.failed'), error: ui.text('reasons.source-unreadable') }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
