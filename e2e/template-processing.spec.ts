import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeAudio, makeVideo } from '../test/media';
import { expect, test } from './fixtures';
import { detailPanel, importPaths, openView } from './support/flows';

const PATTERN = 'Кружок «{template}»: {name}, {date} {room}';

test("a template's auto-process and description pattern act on a matching import, and the detail panel says they came from that template", async ({ app, ui }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-tplproc-'));
  try {
    const matching = makeVideo(path.join(src, 'Кружок робототехники.mp4'), {
      seconds: 16,
      audio: [
        { tone: false, seconds: 4 },
        { tone: true, seconds: 8 },
        { tone: false, seconds: 4 },
      ],
    });
    const other = makeAudio(path.join(src, 'Разное.m4a'), 1);
    // No creation time in the files: the recording's date is the file's, a known local day.
    const day = new Date(2025, 8, 1, 10, 0);
    for (const f of [matching, other]) fs.utimesSync(f, day, day);

    await openView(page, ui, 'templates');
    await page.getByRole('button', { name: ui.text('templates.new') }).click();
    const editor = page.getByRole('complementary', { name: ui.text('editor.newLabel') });
    await editor.getByLabel(ui.text('editor.nameLabel')).fill('Кружки');
    await editor.getByLabel(ui.text('editor.fields.keywords'), { exact: true }).fill('кружок');
    const padding = editor.getByLabel(ui.text('tplProcessing.paddingSec'));
    // A value outside the library's range is refused before saving.
    await padding.fill('-1');
    await expect(editor.getByRole('button', { name: ui.text('editor.save') })).toBeDisabled();
    await padding.fill('2');
    await editor.getByLabel(ui.text('tplProcessing.autoProcess')).selectOption('on');
    await editor.getByLabel(ui.text('tplProcessing.descriptionPattern')).fill(PATTERN);
    await editor.getByRole('button', { name: ui.text('editor.save') }).click();
    await expect(page.getByRole('listitem', { name: 'Кружки' })).toBeVisible();
    // Saved, the editor turns into the template's own and shows the settings read back.
    const saved = page.getByRole('complementary', { name: ui.text('editor.editLabel', { name: 'Кружки' }) });
    await expect(saved.getByLabel(ui.text('tplProcessing.autoProcess'))).toHaveValue('on');
    await expect(saved.getByLabel(ui.text('tplProcessing.paddingSec'))).toHaveValue('2');
    await expect(saved.getByLabel(ui.text('tplProcessing.autoTranscribe'))).toHaveValue('inherit');
    await expect(saved.getByLabel(ui.text('tplProcessing.descriptionPattern'))).toHaveValue(PATTERN);

    await openView(page, ui, 'recordings');
    await importPaths(page, ui, [matching, other]);
    await page.getByRole('cell', { name: 'Кружок робототехники', exact: true }).click();
    const detail = detailPanel(page, ui);
    // Nobody pressed Process: the template's auto-process queued it after the import.
    await expect(detail.locator('.facts .status')).toHaveText(ui.text('status.processed'), { timeout: 150_000 });
    const settings = detail.getByRole('region', { name: ui.text('tplProcessing.detailLabel') });
    const fromTemplate = `(${ui.text('tplProcessing.fromTemplate', { name: 'Кружки' })})`;
    const fromLibrary = `(${ui.text('tplProcessing.fromLibrary')})`;
    await expect(settings.locator('[data-setting="autoProcess"] dd')).toHaveText(`${ui.text('tplProcessing.on')} ${fromTemplate}`);
    await expect(settings.locator('[data-setting="paddingSec"] dd')).toHaveText(`${ui.text('tplProcessing.value.seconds', { value: 2 })} ${fromTemplate}`);
    await expect(settings.locator('[data-setting="noiseDb"] dd')).toHaveText(`${ui.text('tplProcessing.value.noiseDb', { value: -40 })} ${fromLibrary}`);
    // The description the pattern gave it ({room} is no placeholder: it stays), and where it came from.
    const meta = detail.getByRole('region', { name: ui.text('metadata.label') });
    await expect(meta.getByLabel(ui.text('metadata.description'))).toHaveValue('Кружок «Кружки»: Кружок робототехники, 2025-09-01 {room}');
    await expect(settings.locator('[data-setting="description"] dd')).toHaveText(`${ui.text('tplProcessing.descriptionFromPattern', { pattern: PATTERN })} ${fromTemplate}`);
    // Once the person writes their own, the panel no longer says the template wrote it.
    await meta.getByLabel(ui.text('metadata.description')).fill('Свой текст');
    await meta.getByRole('button', { name: ui.text('metadata.saveDescription') }).click();
    await expect(meta.getByRole('status')).toHaveText(ui.text('metadata.descriptionSaved'));
    await expect(settings.locator('[data-setting="description"]')).toHaveCount(0);

    // The other recording matched no template: it waits, untouched, with every setting the library's.
    await page.getByRole('cell', { name: 'Разное', exact: true }).click();
    await expect(detail.locator('.facts .status')).toHaveText(ui.text('status.ready'));
    await expect(settings.locator('[data-setting="autoProcess"] dd')).toHaveText(`${ui.text('tplProcessing.off')} ${fromLibrary}`);
    await expect(settings.locator('[data-from="template"]')).toHaveCount(0);
    await expect(meta.getByLabel(ui.text('metadata.description'))).toHaveValue('');
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});
