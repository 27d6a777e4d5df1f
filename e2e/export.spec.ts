/** Export (issue 16): recordings leave the library under their names, into a folder the person picks. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { makeVideo } from '../test/media';
import { expect, test } from './fixtures';
import { importPaths } from './support/flows';

test('two recordings with Cyrillic names are exported from the selection into a chosen folder', async ({ app, ui }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-export-'));
  try {
    const a = makeVideo(path.join(dir, 'in', 'Лекция «Ввод».mp4'), { seconds: 2 });
    const b = makeVideo(path.join(dir, 'in', 'Семинар: итоги?.mp4'), { seconds: 3 });
    await importPaths(page, ui, [a, b]);
    for (const name of ['Лекция «Ввод»', 'Семинар: итоги?']) {
      await page.getByRole('checkbox', { name: ui.text('recordings.select', { name }) }).check();
    }
    const bar = page.getByRole('region', { name: ui.text('selection.label') });
    await bar.getByRole('button', { name: ui.text('exportDialog.open') }).click();
    const dialog = page.getByRole('dialog', { name: ui.text('exportDialog.title', { count: 2 }) });
    const axe = await new AxeBuilder({ page }).include('[role="dialog"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    const out = path.join(dir, 'Выгрузка для коллеги');
    await dialog.getByLabel(ui.text('exportDialog.folder')).fill(out);
    await dialog.getByRole('button', { name: ui.text('exportDialog.start'), exact: true }).click();
    await expect(dialog.getByRole('status')).toHaveText(ui.text('exportDialog.done', { count: 2, folder: out }));
    const files = fs.readdirSync(out).sort();
    expect(files).toHaveLength(2);
    // Windows refuses ":" and "?": they become "_"; the originals are copied byte for byte.
    const second = files.find((f) => f.startsWith('Семинар_ итоги_ ('))!;
    expect(second).toMatch(/^Семинар_ итоги_ \(\d{4}-\d{2}-\d{2}\)\.mp4$/);
    expect(fs.readFileSync(path.join(out, second))).toEqual(fs.readFileSync(b));
    expect(files.find((f) => f.startsWith('Лекция «Ввод» ('))).toBeDefined();
    await dialog.getByRole('button', { name: ui.text('common.close') }).click();
    await expect(dialog).toBeHidden();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
