import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { makeAudio, makePng, tools } from '../test/media';
import { expect, test } from './fixtures';

test('create a template with a keyword, re-apply the rules, see the template in Recordings', async ({ app }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-tpl-'));
  try {
    const file = makeAudio(path.join(src, 'Квантовые вычисления, лекция 1.m4a'), 1);

    await page.getByRole('button', { name: 'Import recordings' }).click();
    const importDialog = page.getByRole('dialog', { name: 'Import recordings' });
    await importDialog.getByLabel('Paths to import').fill(file);
    await importDialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(importDialog.getByText('Import finished')).toBeVisible();
    await importDialog.getByRole('button', { name: 'Close' }).click();
    const row = page.getByRole('row', { name: /Квантовые вычисления, лекция 1/ });
    await expect(row).toBeVisible();
    await expect(row.getByRole('cell').last()).toHaveText('—'); // no default template matches it

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Templates' }).click();
    await expect(page.getByRole('listitem', { name: 'Applied Python' })).toBeVisible(); // the defaults are there
    await page.getByRole('button', { name: 'New template' }).click();
    const editor = page.getByRole('complementary', { name: 'New template' });
    await editor.getByLabel('Template name').fill('Quantum Computing');
    // Inline validation: a broken regular expression is explained, and saving waits for a fix.
    await editor.getByLabel('Regular expressions').fill('(лекция');
    await expect(editor.getByRole('alert')).toContainText('unterminated group at character 1');
    await expect(editor.getByRole('button', { name: 'Save template' })).toBeDisabled();
    await editor.getByLabel('Regular expressions').fill('');
    await editor.getByLabel('Keywords', { exact: true }).fill('КВАНТОВ');
    await expect(editor.getByRole('alert')).toHaveCount(0);
    await editor.getByRole('button', { name: 'Save template' }).click();
    const card = page.getByRole('listitem', { name: 'Quantum Computing' });
    await expect(card).toContainText('0 recordings');

    await page.getByRole('button', { name: 'Re-apply rules…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Re-apply rules' });
    await expect(dialog.getByRole('status')).toContainText('1 recording would change template.');
    await expect(dialog.getByRole('row', { name: /Квантовые вычисления/ })).toContainText('→ Quantum Computing');
    await dialog.getByRole('button', { name: 'Apply changes' }).click();
    await expect(dialog.getByRole('status')).toContainText('1 recording changed template.');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(card).toContainText('1 recording');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Recordings' }).click();
    await expect(page.getByRole('row', { name: /Квантовые вычисления, лекция 1/ }).getByRole('cell').last()).toHaveText('Quantum Computing');
    await page.getByLabel('Filter by template').selectOption({ label: 'Quantum Computing' });
    await expect(page.locator('.tfoot')).toHaveText('1 recording');
    await page.getByLabel('Filter by template').selectOption({ label: 'Applied Python' });
    await expect(page.getByText('No recording matches these filters.')).toBeVisible();
    await page.getByLabel('Filter by template').selectOption({ label: 'All templates' });
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});

test('assign a template by hand, keep it on re-apply, and upload a JPEG thumbnail', async ({ app }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-tpl-'));
  try {
    const file = makeAudio(path.join(src, 'Python office hours.m4a'), 1);
    const jpg = path.join(src, 'cover.jpg');
    execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x180:d=1', '-frames:v', '1', '-update', '1', jpg]);

    await page.getByRole('button', { name: 'Import recordings' }).click();
    const importDialog = page.getByRole('dialog', { name: 'Import recordings' });
    await importDialog.getByLabel('Paths to import').fill(file);
    await importDialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(importDialog.getByText('Import finished')).toBeVisible();
    await importDialog.getByRole('button', { name: 'Close' }).click();
    const row = page.getByRole('row', { name: /Python office hours/ });
    await expect(row.getByRole('cell').last()).toHaveText('Applied Python'); // matched on import

    await row.click();
    const detail = page.getByRole('complementary', { name: 'Recording details' });
    await detail.getByLabel('Template').selectOption({ label: 'Team Meetings' });
    await expect(detail.getByText('Chosen by hand')).toBeVisible();
    await expect(row.getByRole('cell').last()).toHaveText('Team Meetings');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Templates' }).click();
    await page.getByRole('button', { name: 'Re-apply rules…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Re-apply rules' });
    await expect(dialog.getByRole('status')).toContainText('Nothing would change');
    await expect(dialog.getByRole('status')).toContainText('1 chosen by hand are kept');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Edit Team Meetings' }).click();
    const editor = page.getByRole('complementary', { name: 'Edit Team Meetings' });
    const before = await editor.getByRole('img', { name: 'Thumbnail of Team Meetings' }).getAttribute('src');
    await editor.getByLabel('Upload thumbnail').setInputFiles(jpg);
    await expect(editor.getByText('Thumbnail uploaded.')).toBeVisible();
    const img = editor.getByRole('img', { name: 'Thumbnail of Team Meetings' });
    await expect(img).not.toHaveAttribute('src', before ?? '');
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(320);
    // A file that is not an image is refused with the reason.
    await editor.getByLabel('Upload thumbnail').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
    await expect(editor.getByRole('alert')).toContainText('“notes.png” is not a PNG or JPEG image');
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});

/** Copies an audio file with a different title tag, so each copy is a distinct recording. */
function variant(from: string, to: string, tag: string): string {
  execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-i', from, '-c', 'copy', '-metadata', `title=${tag}`, to]);
  return to;
}

test('select recordings (checkbox, ctrl-click) and re-apply the template rules to the selection only', async ({ app }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-tpl-'));
  try {
    const base = makeAudio(path.join(src, 'base.m4a'), 1);
    fs.mkdirSync(path.join(src, 'in'));
    for (const n of ['Python intro', 'Python advanced', 'Python extra']) variant(base, path.join(src, 'in', `${n}.m4a`), n);

    await page.getByRole('button', { name: 'Import recordings' }).click();
    const importDialog = page.getByRole('dialog', { name: 'Import recordings' });
    await importDialog.getByLabel('Paths to import').fill(path.join(src, 'in'));
    await importDialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(importDialog.getByText('Import finished')).toBeVisible();
    await importDialog.getByRole('button', { name: 'Close' }).click();
    const row = (n: string) => page.getByRole('row', { name: new RegExp(n) });
    for (const n of ['Python intro', 'Python advanced', 'Python extra']) await expect(row(n).getByRole('cell').last()).toHaveText('Applied Python');

    // The rules change: Applied Python is disabled. Nothing moves until the rules are re-applied.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Templates' }).click();
    await page.getByLabel('Enable Applied Python').click(); // saved, then the list reloads
    await expect(page.getByLabel('Enable Applied Python')).not.toBeChecked();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Recordings' }).click();
    await expect(row('Python intro').getByRole('cell').last()).toHaveText('Applied Python');

    await row('Python intro').getByLabel('Select Python intro').check();
    await row('Python advanced').getByRole('cell', { name: 'Python advanced', exact: true }).click({ modifiers: ['ControlOrMeta'] });
    const bar = page.getByRole('region', { name: 'Selection' });
    await expect(bar.getByRole('status')).toHaveText('2 selected');
    await expect(row('Python advanced')).toHaveAttribute('aria-selected', 'true');
    await expect(row('Python extra')).toHaveAttribute('aria-selected', 'false');

    await bar.getByRole('button', { name: 'Re-apply template rules' }).click();
    const dialog = page.getByRole('dialog', { name: 'Re-apply rules' });
    await expect(dialog).toContainText('For the 2 selected recordings only.');
    await expect(dialog.getByRole('status')).toContainText('2 recordings would change template.');
    await expect(dialog.getByRole('status')).toContainText('2 examined');
    await expect(dialog.getByRole('row', { name: /Python extra/ })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Apply changes' }).click();
    await expect(dialog.getByRole('status')).toContainText('2 recordings changed template.');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await expect(row('Python intro').getByRole('cell').last()).not.toHaveText('Applied Python');
    await expect(row('Python advanced').getByRole('cell').last()).not.toHaveText('Applied Python');
    await expect(row('Python extra').getByRole('cell').last()).toHaveText('Applied Python'); // not selected: untouched
    await bar.getByRole('button', { name: 'Clear' }).click();
    await expect(bar).toHaveCount(0);
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});

test('a new custom thumbnail shows at once in the details and in the row (versioned URLs)', async ({ app }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-tpl-'));
  try {
    const file = makeAudio(path.join(src, 'Design review.m4a'), 1);
    const small = makePng(path.join(src, 'small.png'), 'red', '160x90');
    const large = makePng(path.join(src, 'large.png'), 'blue', '320x180');

    await page.getByRole('button', { name: 'Import recordings' }).click();
    const importDialog = page.getByRole('dialog', { name: 'Import recordings' });
    await importDialog.getByLabel('Paths to import').fill(file);
    await importDialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(importDialog.getByText('Import finished')).toBeVisible();
    await importDialog.getByRole('button', { name: 'Close' }).click();
    const row = page.getByRole('row', { name: /Design review/ });
    await row.getByRole('cell', { name: 'Design review', exact: true }).click();
    const detail = page.getByRole('complementary', { name: 'Recording details' });
    const big = detail.locator('img.row-thumb.big');
    const small_ = row.locator('img.row-thumb');
    const width = (l: typeof big) => l.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth);

    await detail.getByLabel('Upload recording thumbnail').setInputFiles(small);
    await expect(detail.getByText('Its own image.')).toBeVisible();
    await expect.poll(() => width(big)).toBe(160);
    await expect.poll(() => width(small_)).toBe(160);
    const before = { big: await big.getAttribute('src'), row: await small_.getAttribute('src') };

    await detail.getByLabel('Upload recording thumbnail').setInputFiles(large);
    await expect(big).not.toHaveAttribute('src', before.big ?? '');
    await expect(small_).not.toHaveAttribute('src', before.row ?? '');
    await expect.poll(() => width(big)).toBe(320);
    await expect.poll(() => width(small_)).toBe(320);
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});
