import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { makeAudio, makePng, tools } from '../test/media';
import { expect, test } from './fixtures';
import { CELL, detailPanel, importPaths, openView } from './support/flows';

test('create a template with a keyword, re-apply the rules, see the template in Recordings', async ({ app, ui }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-tpl-'));
  try {
    const file = makeAudio(path.join(src, 'Квантовые вычисления, лекция 1.m4a'), 1);

    await importPaths(page, ui, [file]);
    const row = page.getByRole('row', { name: /Квантовые вычисления, лекция 1/ });
    await expect(row).toBeVisible();
    await expect(row.getByRole(CELL).last()).toHaveText(ui.text('recordings.noTemplate')); // no default template matches it

    await openView(page, ui, 'templates');
    await expect(page.getByRole('listitem', { name: 'Applied Python' })).toBeVisible(); // the defaults are there
    await page.getByRole('button', { name: ui.text('templates.new') }).click();
    const editor = page.getByRole('complementary', { name: ui.text('editor.newLabel') });
    await editor.getByLabel(ui.text('editor.nameLabel')).fill('Quantum Computing');
    // Inline validation: a broken regular expression is explained, and saving waits for a fix.
    await editor.getByLabel(ui.text('editor.fields.patterns')).fill('(лекция');
    // In the person's language: what is wrong and where (ru: «не закрыта скобка группы (символ 1)»).
    await expect(editor.getByRole('alert')).toHaveText(ui.text('reasons.tr-pattern-invalid', { index: 1, pattern: '(лекция', why: ui.text('reasons.rx-unterminated-group'), position: 1 }));
    await expect(editor.getByRole('button', { name: ui.text('editor.save') })).toBeDisabled();
    await editor.getByLabel(ui.text('editor.fields.patterns')).fill('');
    await editor.getByLabel(ui.text('editor.fields.keywords'), { exact: true }).fill('КВАНТОВ');
    await expect(editor.getByRole('alert')).toHaveCount(0);
    await editor.getByRole('button', { name: ui.text('editor.save') }).click();
    const card = page.getByRole('listitem', { name: 'Quantum Computing' });
    await expect(card).toContainText(ui.text('templates.count', { count: 0 }));

    // Saving a template that would take an existing recording opens its own preview at once, with how many it takes.
    const dialog = page.getByRole('dialog', { name: ui.text('reapply.title') });
    await expect(dialog.getByRole('status')).toContainText(ui.text('reapply.wouldChange', { count: 1 }));
    await expect(dialog.getByTestId('template-takes')).toHaveText(ui.text('reapply.wouldTake', { count: 1, name: 'Quantum Computing' }));
    await expect(dialog.getByRole('row', { name: /Квантовые вычисления/ })).toContainText(ui.text('reapply.to', { name: 'Quantum Computing' }));
    await dialog.getByRole('button', { name: ui.text('reapply.apply') }).click();
    await expect(dialog.getByRole('status')).toContainText(ui.text('reapply.changed', { count: 1 }));
    await dialog.getByRole('button', { name: ui.text('common.close') }).click();
    await expect(card).toContainText(ui.text('templates.count', { count: 1 }));

    await openView(page, ui, 'recordings');
    await expect(page.getByRole('row', { name: /Квантовые вычисления, лекция 1/ }).getByRole(CELL).last()).toHaveText('Quantum Computing');
    await page.getByLabel(ui.text('recordings.filterTemplate')).selectOption({ label: 'Quantum Computing' });
    await expect(page.locator('.tfoot')).toHaveText(ui.text('recordings.total', { count: 1 }));
    await page.getByLabel(ui.text('recordings.filterTemplate')).selectOption({ label: 'Applied Python' });
    await expect(page.getByText(ui.text('recordings.noMatch'))).toBeVisible();
    await page.getByLabel(ui.text('recordings.filterTemplate')).selectOption({ label: ui.text('recordings.allTemplates') });
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});

test('assign a template by hand, keep it on re-apply, and upload a JPEG thumbnail', async ({ app, ui }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-tpl-'));
  try {
    const file = makeAudio(path.join(src, 'Python office hours.m4a'), 1);
    const jpg = path.join(src, 'cover.jpg');
    execFileSync(tools.ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x180:d=1', '-frames:v', '1', '-update', '1', jpg]);

    await importPaths(page, ui, [file]);
    const row = page.getByRole('row', { name: /Python office hours/ });
    await expect(row.getByRole(CELL).last()).toHaveText('Applied Python'); // matched on import

    await row.click();
    const detail = detailPanel(page, ui);
    await detail.getByLabel(ui.text('detail.facts.template'), { exact: true }).selectOption({ label: 'Team Meetings' });
    await expect(detail.getByText(ui.text('detail.template.manual'))).toBeVisible();
    await expect(row.getByRole(CELL).last()).toHaveText('Team Meetings');

    await openView(page, ui, 'templates');
    await page.getByRole('button', { name: ui.text('templates.reapply') }).click();
    const dialog = page.getByRole('dialog', { name: ui.text('reapply.title') });
    await expect(dialog.getByRole('status')).toContainText(ui.text('reapply.nothing'));
    await expect(dialog.getByRole('status')).toContainText(ui.text('reapply.examined', { examined: 1, kept: 1 }));
    await dialog.getByRole('button', { name: ui.text('common.cancel') }).click();

    await page.getByRole('button', { name: ui.text('templates.editNamed', { name: 'Team Meetings' }) }).click();
    const editor = page.getByRole('complementary', { name: ui.text('editor.editLabel', { name: 'Team Meetings' }) });
    const before = await editor.getByRole('img', { name: ui.text('editor.thumbnailOf', { name: 'Team Meetings' }) }).getAttribute('src');
    await editor.getByLabel(ui.text('editor.upload')).setInputFiles(jpg);
    await expect(editor.getByText(ui.text('editor.uploaded'))).toBeVisible();
    const img = editor.getByRole('img', { name: ui.text('editor.thumbnailOf', { name: 'Team Meetings' }) });
    await expect(img).not.toHaveAttribute('src', before ?? '');
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(320);
    // A file that is not an image is refused with the reason.
    await editor.getByLabel(ui.text('editor.upload')).setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
    await expect(editor.getByRole('alert')).toHaveText(ui.text('reasons.th-not-image', { name: 'notes.png', why: ui.text('reasons.th-is-other') }));
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});

/** Copies an audio file with a different title tag, so each copy is a distinct recording. */
function variant(from: string, to: string, tag: string): string {
  execFileSync(tools.ffmpeg, ['-v', 'error', '-y', '-i', from, '-c', 'copy', '-metadata', `title=${tag}`, to]);
  return to;
}

test('select recordings (checkbox, ctrl-click) and re-apply the template rules to the selection only', async ({ app, ui }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-tpl-'));
  try {
    const base = makeAudio(path.join(src, 'base.m4a'), 1);
    fs.mkdirSync(path.join(src, 'in'));
    for (const n of ['Python intro', 'Python advanced', 'Python extra']) variant(base, path.join(src, 'in', `${n}.m4a`), n);

    await importPaths(page, ui, [path.join(src, 'in')]);
    const row = (n: string) => page.getByRole('row', { name: new RegExp(n) });
    for (const n of ['Python intro', 'Python advanced', 'Python extra']) await expect(row(n).getByRole(CELL).last()).toHaveText('Applied Python');

    // The rules change: Applied Python is disabled. Nothing moves until the rules are re-applied.
    await openView(page, ui, 'templates');
    await page.getByLabel(ui.text('templates.enable', { name: 'Applied Python' })).click(); // saved, then the list reloads
    await expect(page.getByLabel(ui.text('templates.enable', { name: 'Applied Python' }))).not.toBeChecked();
    await openView(page, ui, 'recordings');
    await expect(row('Python intro').getByRole(CELL).last()).toHaveText('Applied Python');

    await row('Python intro').getByLabel(ui.text('recordings.select', { name: 'Python intro' })).check();
    await row('Python advanced').getByRole(CELL, { name: 'Python advanced', exact: true }).click({ modifiers: ['ControlOrMeta'] });
    const bar = page.getByRole('region', { name: ui.text('selection.label') });
    await expect(bar.getByRole('status')).toHaveText(ui.text('selection.count', { count: 2 }));
    await expect(row('Python advanced')).toHaveAttribute('aria-selected', 'true');
    await expect(row('Python extra')).toHaveAttribute('aria-selected', 'false');

    await bar.getByRole('button', { name: ui.text('selection.reapply') }).click();
    const dialog = page.getByRole('dialog', { name: ui.text('reapply.title') });
    await expect(dialog).toContainText(ui.text('reapply.selectedOnly', { count: 2 }));
    await expect(dialog.getByRole('status')).toContainText(ui.text('reapply.wouldChange', { count: 2 }));
    await expect(dialog.getByRole('status')).toContainText(ui.text('reapply.examined', { examined: 2, kept: 0 }));
    await expect(dialog.getByRole('row', { name: /Python extra/ })).toHaveCount(0);
    await dialog.getByRole('button', { name: ui.text('reapply.apply') }).click();
    await expect(dialog.getByRole('status')).toContainText(ui.text('reapply.changed', { count: 2 }));
    await dialog.getByRole('button', { name: ui.text('common.close') }).click();

    await expect(row('Python intro').getByRole(CELL).last()).not.toHaveText('Applied Python');
    await expect(row('Python advanced').getByRole(CELL).last()).not.toHaveText('Applied Python');
    await expect(row('Python extra').getByRole(CELL).last()).toHaveText('Applied Python'); // not selected: untouched
    await bar.getByRole('button', { name: ui.text('selection.clear') }).click();
    await expect(bar).toHaveCount(0);
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});

test('a new custom thumbnail shows at once in the details and in the row (versioned URLs)', async ({ app, ui }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-tpl-'));
  try {
    const file = makeAudio(path.join(src, 'Design review.m4a'), 1);
    const small = makePng(path.join(src, 'small.png'), 'red', '160x90');
    const large = makePng(path.join(src, 'large.png'), 'blue', '320x180');

    await importPaths(page, ui, [file]);
    const row = page.getByRole('row', { name: /Design review/ });
    await row.getByRole(CELL, { name: 'Design review', exact: true }).click();
    const detail = detailPanel(page, ui);
    const big = detail.locator('img.row-thumb.big');
    const small_ = row.locator('img.row-thumb');
    const width = (l: typeof big) => l.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth);

    await detail.getByLabel(ui.text('detail.thumbnail.uploadLabel')).setInputFiles(small);
    await expect(detail.getByText(ui.text('detail.thumbnail.own'))).toBeVisible();
    await expect.poll(() => width(big)).toBe(160);
    await expect.poll(() => width(small_)).toBe(160);
    const before = { big: await big.getAttribute('src'), row: await small_.getAttribute('src') };

    await detail.getByLabel(ui.text('detail.thumbnail.uploadLabel')).setInputFiles(large);
    await expect(big).not.toHaveAttribute('src', before.big ?? '');
    await expect(small_).not.toHaveAttribute('src', before.row ?? '');
    await expect.poll(() => width(big)).toBe(320);
    await expect.poll(() => width(small_)).toBe(320);
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});
