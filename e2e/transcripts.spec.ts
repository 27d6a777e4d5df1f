/**
 * Transcripts in the UI (issue 14): transcribe a recording of real speech with PocketSphinx from
 * its detail panel, follow the transcript with the player, find a recording by what was said and
 * open it at that moment; attach a Russian SRT and find it at once, with the player's <track>.
 * Every wait is on a state (a status, a line, a readyState), never on a time.
 */
import { execFileSync } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { makeVideo, tools } from '../test/media';
import { makeSpeech } from '../test/transcripts/speech';
import { expect, test } from './fixtures';
import type { UiText } from './support/i18n';
import { detailPanel, importPaths } from './support/flows';

/** Serious or critical axe findings in the detail panel (the transcript lines) and the hits list. */
async function axeProblems(page: Page): Promise<string[]> {
  const res = await new AxeBuilder({ page }).include('.detail').include('.search-box').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

const SAID = 'The quick brown fox jumps over the lazy dog. Hello world, this is a test of speech recognition.';

const transcriptOf = (detail: Locator, ui: UiText) => detail.getByRole('region', { name: ui.text('transcript.label') });
const linesOf = (detail: Locator, ui: UiText) => transcriptOf(detail, ui).getByRole('list', { name: ui.text('transcript.lines') }).getByRole('button');
const searchBox = (page: Page, ui: UiText) => page.getByRole('searchbox', { name: ui.text('recordings.search') });
const hitsList = (page: Page, ui: UiText) => page.getByRole('listbox', { name: ui.text('transcript.searchHits') });

/** The player's position, once it knows its length (a state, not a time). */
async function playerTime(player: Locator): Promise<number | null> {
  return player.evaluate((el) => {
    const m = el as unknown as { readyState: number; currentTime: number };
    return m.readyState >= 1 ? m.currentTime : null;
  });
}

test('speech is transcribed with PocketSphinx from the detail panel; lines seek the player; search by a word opens the recording at that moment', async ({ app, ui }) => {
  test.setTimeout(600_000);
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-speech-'));
  try {
    // espeak-ng speech with silence around it, under a test picture (VP9 + Opus: every Chromium plays it).
    const speech = makeSpeech(dir, SAID, { leadSec: 2, tailSec: 3, name: 'speech.wav' });
    const file = path.join(dir, 'Доклад про лису.webm');
    execFileSync(tools.ffmpeg, [
      '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=10:duration=${speech.durationSec}`, '-i', speech.file,
      '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '150k', '-c:a', 'libopus', '-b:a', '48k', '-shortest', file,
    ]);
    await importPaths(page, ui, [file]);
    await page.getByRole('cell', { name: 'Доклад про лису', exact: true }).click();
    const detail = detailPanel(page, ui);
    const panel = transcriptOf(detail, ui);
    await expect(panel.getByText(ui.text('transcript.none'))).toBeVisible();

    await detail.getByRole('button', { name: ui.text('processing.process'), exact: true }).click();
    await expect(detail.locator('.facts .status')).toHaveText(ui.text('status.processed'), { timeout: 300_000 });

    // Whisper is not installed here: Transcribe says so, and how to get it; nothing is queued.
    const engine = panel.getByRole('combobox', { name: ui.text('transcript.engine') });
    await engine.selectOption('whisper');
    await panel.getByRole('button', { name: ui.text('transcript.transcribe') }).click();
    // In the person's language, with how to get the model (the name and size vary).
    await expect(panel.locator('.banner.error')).toContainText(/whisper/i);
    await expect(panel.locator('.banner.error')).toContainText(ui.pattern('reasons.md-not-downloaded'));
    await expect(panel.getByRole('progressbar')).toHaveCount(0);

    await engine.selectOption('pocketsphinx');
    await panel.getByRole('button', { name: ui.text('transcript.transcribe') }).click();
    const lines = linesOf(detail, ui);
    await expect(lines.first()).toBeVisible({ timeout: 300_000 });
    await expect(panel.getByText(ui.text('transcript.source.engine', { engine: 'pocketsphinx' }), { exact: false })).toBeVisible();
    await expect(detail.locator('video.player track')).toHaveCount(1);

    // A click on the last line moves the player into that line.
    const last = lines.last();
    const start = Number(await last.getAttribute('data-start'));
    const end = Number(await last.getAttribute('data-end'));
    expect(start).toBeGreaterThan(0);
    await last.click();
    const player = detail.locator('video.player');
    await expect.poll(() => playerTime(player), { timeout: 60_000 }).toBeGreaterThanOrEqual(start);
    expect(await playerTime(player)).toBeLessThanOrEqual(end);
    // The line playing is the current one.
    await expect(last).toHaveAttribute('aria-current', 'true');

    // A word that was heard: the search box lists the line; Enter opens the recording there.
    const heard = ((await last.locator('.transcript-text').textContent()) ?? '').match(/[a-z]{4,}/i)?.[0];
    expect(heard, 'a word of four letters or more in the last line').toBeTruthy();
    await detail.getByRole('button', { name: ui.text('detail.close') }).click();
    await expect(detail).toBeHidden();
    const box = searchBox(page, ui);
    await box.fill(heard!);
    const hit = hitsList(page, ui).getByRole('option').filter({ hasText: heard! }).first();
    await expect(hit).toBeVisible();
    const hitStart = Number(await hit.getAttribute('data-start'));
    // Arrow keys move through the hits from the box; Enter opens the one that says the word.
    const options = hitsList(page, ui).getByRole('option');
    const index = await options.evaluateAll((els, w) => els.findIndex((e) => (e.textContent ?? '').toLowerCase().includes(w.toLowerCase())), heard!);
    for (let i = 0; i <= index; i++) await box.press('ArrowDown');
    await expect(options.nth(index)).toHaveAttribute('aria-selected', 'true');
    await box.press('Enter');
    const reopened = detailPanel(page, ui);
    await expect(reopened).toBeVisible();
    await expect(reopened).toContainText('Доклад про лису');
    await expect.poll(() => playerTime(reopened.locator('video.player')), { timeout: 60_000 }).toBeGreaterThanOrEqual(hitStart);
    expect(await playerTime(reopened.locator('video.player'))).toBeLessThan(hitStart + 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a Russian SRT attached from the detail panel is shown, searchable at once, and played as the <track>; fixed in place in the library folder, the transcript follows', async ({ app, ui, library }) => {
  test.setTimeout(300_000);
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-srt-'));
  try {
    const video = makeVideo(path.join(dir, 'Планёрка.webm'), { seconds: 6, codec: 'vp9' });
    // As Windows tools write it: a BOM, CRLF, a two-line cue.
    const srt = path.join(dir, 'Планёрка «итоги».srt');
    fs.writeFileSync(srt, '\uFEFF1\r\n00:00:00,500 --> 00:00:02,000\r\nДобрый день, коллеги!\r\nНачинаем планёрку.\r\n\r\n2\r\n00:00:02,500 --> 00:00:04,500\r\nОбсудим бюджет на квартал\r\n');
    await importPaths(page, ui, [video]);
    await page.getByRole('cell', { name: 'Планёрка', exact: true }).click();
    const detail = detailPanel(page, ui);
    const panel = transcriptOf(detail, ui);
    await expect(panel.getByText(ui.text('transcript.none'))).toBeVisible();

    const chooser = page.waitForEvent('filechooser');
    await panel.getByRole('button', { name: ui.text('transcript.attach') }).click();
    await (await chooser).setFiles(srt);
    const lines = linesOf(detail, ui);
    await expect(lines).toHaveCount(2);
    await expect(lines.first()).toContainText('Добрый день, коллеги! Начинаем планёрку.');
    await expect(panel.getByRole('status')).toHaveText(ui.text('transcript.attached', { count: 2 }));

    // Searchable at once, in Russian, any case.
    const box = searchBox(page, ui);
    await box.fill('БЮДЖЕТ');
    const hit = hitsList(page, ui).getByRole('option').filter({ hasText: 'Обсудим бюджет на квартал' });
    await expect(hit).toHaveCount(1);
    await expect(hit).toHaveAttribute('data-start', '2.5');
    // The lines (buttons with their times) and the open hits list have names and roles.
    expect(await axeProblems(page)).toEqual([]);

    // The player has the subtitles as a track, served as WebVTT and loaded with both cues.
    const track = detail.locator('video.player track');
    await expect(track).toHaveCount(1);
    const src = new URL((await track.getAttribute('src'))!, page.url()).href;
    const res = await page.request.get(src);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('text/vtt; charset=utf-8');
    expect(await res.text()).toContain('Обсудим бюджет');
    const loaded = () =>
      track.evaluate((el) => {
        const t = el as unknown as { readyState: number; track: { cues: { length: number } | null } };
        return { readyState: t.readyState, cues: t.track.cues?.length ?? 0 };
      });
    await expect.poll(loaded, { timeout: 60_000 }).toEqual({ readyState: 2, cues: 2 });

    // Enter on the hit opens the recording at that moment.
    await box.press('Enter');
    await expect.poll(() => playerTime(detail.locator('video.player')), { timeout: 60_000 }).toBeGreaterThanOrEqual(2.5);

    // The hits list is closed now; the empty list under the box says where the word was said, not only "0 recordings".
    await expect(hitsList(page, ui)).toHaveCount(0);
    const said = page.getByRole('region', { name: ui.text('recordings.saidIn', { count: 1 }) });
    await expect(said).toContainText(ui.text('recordings.noNameSaidIn', { text: 'БЮДЖЕТ', count: 1 }));
    await detail.getByRole('button', { name: ui.text('detail.close') }).click();
    await said.getByRole('button', { name: /Планёрка · 0:02/ }).click();
    await expect(detailPanel(page, ui)).toContainText('Планёрка');

    // The person fixes a word in the kept file, in place, in an editor: the watcher's scan makes the
    // transcript again from it, and the panel and search follow without a reload.
    const kept = fs.readdirSync(path.join(library, 'users/1/recordings'), { recursive: true, encoding: 'utf8' }).find((f) => f.endsWith('Планёрка «итоги».srt'))!;
    const keptAbs = path.join(library, 'users/1/recordings', kept);
    fs.writeFileSync(keptAbs, fs.readFileSync(keptAbs, 'utf8').replace('бюджет', 'смету'));
    await expect(lines.nth(1)).toContainText('Обсудим смету на квартал', { timeout: 60_000 });
    await box.fill('смету');
    await expect(hitsList(page, ui).getByRole('option').filter({ hasText: 'Обсудим смету на квартал' })).toHaveCount(1);
    await box.fill('бюджет');
    await expect(hitsList(page, ui).getByRole('option')).toHaveCount(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a processed recording asks which timeline an attached SRT is on: the original\'s times land on the kept video, the processed video\'s stay', async ({ app, ui, library }) => {
  test.setTimeout(400_000);
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-timeline-'));
  try {
    // 8 s of silence, 14 s of sound, 8 s of silence: processing cuts both ends.
    const audio = [
      { tone: false, seconds: 8 },
      { tone: true, seconds: 14 },
      { tone: false, seconds: 8 },
    ];
    const zoom = makeVideo(path.join(dir, 'Совещание.webm'), { seconds: 30, codec: 'vp9', audio });
    const edited = makeVideo(path.join(dir, 'Лекция.webm'), { seconds: 30, codec: 'vp9', audio });
    // An export of the original recording: the first cue is in the silence processing removes.
    const srt = path.join(dir, 'Совещание (Zoom).srt');
    fs.writeFileSync(srt, '1\n00:00:00,300 --> 00:00:01,500\nТишина до начала\n\n2\n00:00:10,000 --> 00:00:12,500\nОбсудим бюджет на квартал\n\n3\n00:00:15,000 --> 00:00:17,000\nЁлки и итоги\n');
    const srtKept = path.join(dir, 'Лекция (обработанная).srt');
    fs.writeFileSync(srtKept, '1\n00:00:01,000 --> 00:00:02,500\nДобрый день\n');
    await importPaths(page, ui, [zoom, edited]);
    const keptStart = (name: string): number => {
      const db = new Database(path.join(library, 'catalog.db'), { readonly: true });
      try {
        return (db.prepare('SELECT kept_start_ms AS k FROM recordings WHERE display_name = ?').get(name) as { k: number }).k / 1000;
      } finally {
        db.close();
      }
    };

    for (const [name, file, timeline] of [
      ['Совещание', srt, 'source'],
      ['Лекция', srtKept, 'processed'],
    ] as const) {
      await page.getByRole('cell', { name, exact: true }).click();
      const detail = detailPanel(page, ui);
      await expect(detail).toContainText(name);
      await detail.getByRole('button', { name: ui.text('processing.process'), exact: true }).click();
      await expect(detail.locator('.facts .status')).toHaveText(ui.text('status.processed'), { timeout: 300_000 });
      const k = keptStart(name);
      expect(k).toBeGreaterThan(1.6);
      const panel = transcriptOf(detail, ui);

      // The question comes first, the original recording chosen; Cancel asks nothing else.
      await panel.getByRole('button', { name: ui.text('transcript.attach') }).click();
      let dialog = page.getByRole('dialog', { name: ui.text('transcriptTimeline.title') });
      await expect(dialog).toBeVisible();
      await expect(dialog.getByRole('radio', { name: ui.text('transcriptTimeline.source') })).toBeChecked();
      await dialog.getByRole('button', { name: ui.text('common.cancel') }).click();
      await expect(dialog).toBeHidden();

      await panel.getByRole('button', { name: ui.text('transcript.attach') }).click();
      dialog = page.getByRole('dialog', { name: ui.text('transcriptTimeline.title') });
      await dialog.getByRole('radio', { name: ui.text(`transcriptTimeline.${timeline}`) }).check();
      const chooser = page.waitForEvent('filechooser');
      await dialog.getByRole('button', { name: ui.text('transcriptTimeline.choose') }).click();
      await (await chooser).setFiles(file);
      const lines = linesOf(detail, ui);
      if (timeline === 'source') {
        await expect(lines).toHaveCount(2);
        await expect(lines.first()).toContainText('Обсудим бюджет на квартал');
        expect(Number(await lines.first().getAttribute('data-start'))).toBeCloseTo(10 - k, 2);
        expect(Number(await lines.last().getAttribute('data-start'))).toBeCloseTo(15 - k, 2);
        await expect(panel.getByRole('status')).toContainText(ui.text('transcriptTimeline.dropped', { count: 1 }));
      } else {
        await expect(lines).toHaveCount(1);
        expect(Number(await lines.first().getAttribute('data-start'))).toBeCloseTo(1, 2);
        await expect(panel.getByRole('status')).toHaveText(ui.text('transcript.attached', { count: 1 }));
      }
      await detail.getByRole('button', { name: ui.text('detail.close') }).click();
      await expect(detail).toBeHidden();
    }
    // The kept video's time is what search opens at.
    await searchBox(page, ui).fill('бюджет');
    const hit = hitsList(page, ui).getByRole('option').filter({ hasText: 'Обсудим бюджет на квартал' });
    await expect(hit).toHaveCount(1);
    expect(Number(await hit.getAttribute('data-start'))).toBeCloseTo(10 - keptStart('Совещание'), 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('switching recordings leaves one transcript section, the open one\'s: an SRT attached there lands in that recording', async ({ app, ui, library }) => {
  test.setTimeout(300_000);
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-switch-'));
  try {
    const files = ['Созвон А', 'Созвон Б', 'Созвон В'].map((n) => makeVideo(path.join(dir, `${n}.webm`), { seconds: 4, codec: 'vp9' }));
    const srt = path.join(dir, 'итоги.srt');
    fs.writeFileSync(srt, '1\n00:00:00,500 --> 00:00:02,000\nИтоги созвона В\n');
    await importPaths(page, ui, files);
    const detail = detailPanel(page, ui);
    // Opened one after another, by the mouse and by the keyboard, with a filter changed between.
    await page.getByRole('cell', { name: 'Созвон А', exact: true }).click();
    await expect(detail.getByRole('heading', { name: 'Созвон А' })).toBeVisible();
    await page.getByRole('cell', { name: 'Созвон Б', exact: true }).click();
    await expect(detail.getByRole('heading', { name: 'Созвон Б' })).toBeVisible();
    await searchBox(page, ui).fill('Созвон');
    await page.getByRole('cell', { name: 'Созвон В', exact: true }).click();
    await expect(detail.getByRole('heading', { name: 'Созвон В' })).toBeVisible();
    await expect(transcriptOf(detail, ui)).toHaveCount(1);

    const chooser = page.waitForEvent('filechooser');
    await transcriptOf(detail, ui).getByRole('button', { name: ui.text('transcript.attach') }).click();
    await (await chooser).setFiles(srt);
    await expect(linesOf(detail, ui)).toHaveCount(1);
    const db = new Database(path.join(library, 'catalog.db'), { readonly: true });
    try {
      const owner = db.prepare("SELECT r.display_name AS name FROM files f JOIN recordings r ON r.id = f.recording_id WHERE f.rel_path LIKE '%итоги.srt'").all();
      expect(owner).toEqual([{ name: 'Созвон В' }]);
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
