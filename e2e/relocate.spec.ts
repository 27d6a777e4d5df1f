/**
 * Moving the library (issue 16): from Settings to a new folder; the recordings are listed from there.
 * A move a crash interrupted is resumed when the app opens the old library, or, with its new place
 * unreachable, refused in words in the Jobs view.
 */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Library } from '@core/catalog/library';
import { importPaths as importRecordings } from '@core/import/importer';
import { installDefaults } from '../src-main/core/templates/install';
import { cli } from '../test/helpers/run';
import { makeAudio, tools } from '../test/media';
import { expect, test } from './fixtures';
import { dataRows, importPaths, openView } from './support/flows';

test('the library moves from Settings to a Cyrillic-named folder and its recordings are listed from there', async ({ app, ui, library }) => {
  const { page } = app;
  const work = path.dirname(library);
  const a = makeAudio(path.join(work, 'in', 'Лекция о переносе.wav'), 0.5);
  const b = makeAudio(path.join(work, 'in', 'Семинар «Диски».wav'), 0.7);
  await importPaths(page, ui, [a, b]);
  await expect(dataRows(page)).toHaveCount(2);

  await openView(page, ui, 'settings');
  await page.getByRole('button', { name: ui.text('relocateCard.open') }).click();
  const dialog = page.getByRole('dialog', { name: ui.text('relocateDialog.title') });
  const axe = await new AxeBuilder({ page }).include('[role="dialog"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  // A folder inside the library is refused before anything is copied, in words.
  const inside = path.join(library, 'users', 'внутри');
  await dialog.getByLabel(ui.text('relocateDialog.folder')).fill(inside);
  await dialog.getByRole('button', { name: ui.text('relocateDialog.start'), exact: true }).click();
  await expect(dialog.getByRole('alert')).toContainText(ui.text('reasons.rl-inside', { path: inside, library }));

  const to = path.join(work, 'Новый диск', 'Записи');
  fs.mkdirSync(path.dirname(to));
  await dialog.getByLabel(ui.text('relocateDialog.folder')).fill(to);
  await dialog.getByRole('button', { name: ui.text('relocateDialog.start'), exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText(ui.text('relocateDialog.done', { folder: to }), { timeout: 60_000 });
  await dialog.getByRole('button', { name: ui.text('common.close') }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(ui.text('relocateCard.at', { path: to }))).toBeVisible();

  await openView(page, ui, 'recordings');
  await expect(dataRows(page)).toHaveCount(2);
  await expect(page.getByRole('cell', { name: 'Семинар «Диски»' })).toBeVisible();
  // The new place holds the library; the old copy goes once the app has switched.
  expect(fs.existsSync(path.join(to, 'catalog.db'))).toBe(true);
  await expect.poll(() => fs.existsSync(library), { timeout: 30_000 }).toBe(false);
  const settings = JSON.parse(fs.readFileSync(path.join(work, 'userdata', 'settings.json'), 'utf8')) as { lastOpened: string };
  expect(settings.lastOpened).toBe(to);
});

/** A real library with two recordings at `root`, made while the app waits for its disk. */
async function realLibrary(root: string): Promise<void> {
  const src = path.join(path.dirname(root), 'src');
  makeAudio(path.join(src, 'Лекция о переносе.wav'), 0.5);
  makeAudio(path.join(src, 'Семинар «Диски».wav'), 0.7);
  const lib = Library.open(root, { create: true, writer: 'e2e disk', onCreate: installDefaults });
  try {
    const r = await importRecordings(lib, [src], { profileId: 1, move: false, force: false, tools });
    if (r.imported.length !== 2) throw new Error(`setup import failed: ${JSON.stringify(r.failed)}`);
  } finally {
    lib.close();
  }
}

test.describe('a move interrupted by a crash', () => {
  // The app waits on "Library not found" while the test makes the library and crashes a move of it.
  test.use({ libraryState: 'absent' });

  test('is resumed when the app opens the old library, which then lists its recordings from the new place', async ({ app, ui, library }) => {
    const { page } = app;
    const work = path.dirname(library);
    await realLibrary(library);
    const to = path.join(work, 'Новый диск', 'Записи');
    fs.mkdirSync(path.dirname(to));
    // The real CLI, killed after its first file was copied and verified.
    const killed = cli(['relocate', '--library', library, '--to', to, '--json'], { RECLIB_USER_DATA: path.join(work, 'userdata'), RECLIB_FAULT_AT: 'relocate:file-copied' });
    expect(killed.signal, killed.stderr).toBe('SIGKILL');
    expect(fs.existsSync(path.join(library, '.reclib-moving.json'))).toBe(true);

    await page.getByRole('button', { name: ui.text('notFound.retry') }).click();
    await expect(page.locator('.sidebar-foot')).toHaveAttribute('title', to, { timeout: 60_000 });
    await expect(dataRows(page)).toHaveCount(2);
    await expect(page.getByRole('cell', { name: 'Семинар «Диски»' })).toBeVisible();
    await expect.poll(() => fs.existsSync(library), { timeout: 30_000 }).toBe(false);
  });

  test('whose new place cannot be reached says so in the Jobs view and keeps the library where it is', async ({ app, ui, library }) => {
    const { page } = app;
    await realLibrary(library);
    const to = path.join(path.dirname(library), 'Отключённый диск', 'Записи');
    // What the move leaves in the old library before its first byte; the disk is gone since.
    fs.writeFileSync(path.join(library, '.reclib-moving.json'), JSON.stringify({ version: 1, to, keepOld: false, startedAt: new Date().toISOString() }));

    await page.getByRole('button', { name: ui.text('notFound.retry') }).click();
    await expect(page.locator('.sidebar-foot')).toHaveAttribute('title', library);
    await openView(page, ui, 'jobs');
    await expect(page.getByText(ui.text('reasons.rl-unreachable', { path: to, library }), { exact: false })).toBeVisible({ timeout: 60_000 });
    await openView(page, ui, 'recordings');
    await expect(dataRows(page)).toHaveCount(2);
    expect(fs.existsSync(path.dirname(to))).toBe(false);
  });
});
