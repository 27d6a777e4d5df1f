import fs from 'node:fs';
import path from 'node:path';
import { importPaths } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { installDefaults } from '../src-main/core/templates/install';
import { makeAudio, tools } from '../test/media';
import { expect, test } from './fixtures';

/** What `reclib init` and one import would leave: a real library with one recording. */
async function realLibrary(root: string, name: string): Promise<void> {
  const src = path.join(path.dirname(root), `src-${path.basename(root)}`);
  makeAudio(path.join(src, `${name}.wav`), 1);
  const lib = Library.open(root, { create: true, writer: 'e2e disk', onCreate: installDefaults });
  try {
    const r = await importPaths(lib, [src], { profileId: 1, move: false, force: false, tools });
    if (r.imported.length !== 1) throw new Error(`setup import failed: ${JSON.stringify(r.failed)}`);
  } finally {
    lib.close();
  }
}

test.describe('a library on a disk that is not connected', () => {
  test.use({ libraryState: 'absent' });

  test('shows Library not found and creates nothing; Retry opens it once the disk is back', async ({ app, library, ui }) => {
    const { page } = app;
    await expect(page.getByRole('heading', { name: ui.text('notFound.titles.not-found') })).toBeVisible();
    await expect(page.getByLabel(ui.text('notFound.folder'), { exact: true })).toHaveText(library);
    // The core's sentence, said by its code in the UI's language (src-shared/reasons.ts).
    await expect(page.locator('.not-found-reason')).toHaveText(ui.text('reasons.library-not-found', { root: library, why: ui.text('reasons.folder-missing') }));
    for (const key of ['notFound.retry', 'notFound.locate', 'notFound.create', 'notFound.openLibrary']) await expect(page.getByRole('button', { name: ui.text(key) })).toBeVisible();
    expect(fs.existsSync(library)).toBe(false);

    await page.getByRole('button', { name: ui.text('notFound.retry') }).click();
    await expect(page.getByRole('status')).toContainText(ui.pattern('notFound.stillNot'));
    expect(fs.existsSync(library)).toBe(false);

    // The disk is mounted: the real library (with its recording) is there again.
    await realLibrary(library, 'Лекция с диска');
    await page.getByRole('button', { name: ui.text('notFound.retry') }).click();
    await expect(page.getByRole('navigation', { name: ui.text('nav.label') })).toContainText(ui.text('nav.recordingCount', { count: 1 }));
    await expect(page.getByText('Лекция с диска')).toBeVisible();
    await expect(page.locator('.sidebar-foot')).toHaveAttribute('title', library);
  });

  test('Locate… opens the library where it is now', async ({ app, library, ui }) => {
    const { page } = app;
    const moved = path.join(path.dirname(library), 'Moved "Library" [2]');
    await realLibrary(moved, 'Семинар');
    await expect(page.getByRole('heading', { name: ui.text('notFound.titles.not-found') })).toBeVisible();
    await page.getByRole('button', { name: ui.text('notFound.locate') }).click();
    // No native picker in a browser: Locate… puts the cursor in the path field.
    await expect(page.getByLabel(ui.text('notFound.otherPath'))).toBeFocused();
    await page.getByLabel(ui.text('notFound.otherPath')).fill(path.join(path.dirname(library), 'elsewhere'));
    await page.getByRole('button', { name: ui.text('notFound.openLibrary') }).click();
    await expect(page.getByRole('alert')).toContainText(
      ui.text('reasons.library-not-found-open', { root: path.join(path.dirname(library), 'elsewhere'), why: ui.text('reasons.folder-missing') }),
    );
    expect(fs.existsSync(path.join(path.dirname(library), 'elsewhere'))).toBe(false);
    await page.getByLabel(ui.text('notFound.otherPath')).fill(moved);
    await page.getByRole('button', { name: ui.text('notFound.openLibrary') }).click();
    await expect(page.getByText('Семинар')).toBeVisible();
    await expect(page.locator('.sidebar-foot')).toHaveAttribute('title', moved);
    expect(fs.existsSync(library)).toBe(false);
  });
});

test.describe('an empty mount point', () => {
  test.use({ libraryState: 'empty-folder' });

  test('Create a new library here asks first, then makes and opens an empty library', async ({ app, library, ui }) => {
    const { page } = app;
    await expect(page.getByRole('heading', { name: ui.text('notFound.titles.not-found') })).toBeVisible();
    await expect(page.locator('.not-found-reason')).toContainText(ui.text('reasons.no-catalog'));
    expect(fs.readdirSync(library)).toEqual([]);

    await page.getByRole('button', { name: ui.text('notFound.create') }).click();
    const confirm = page.getByRole('alertdialog', { name: ui.text('notFound.confirmLabel') });
    await expect(confirm).toContainText(ui.pattern('notFound.confirmText', { root: library }));
    await confirm.getByRole('button', { name: ui.text('common.cancel') }).click();
    await expect(confirm).toHaveCount(0);
    expect(fs.readdirSync(library)).toEqual([]);

    await page.getByRole('button', { name: ui.text('notFound.create') }).click();
    await confirm.getByRole('button', { name: ui.text('notFound.confirm') }).click();
    await expect(page.getByRole('heading', { name: ui.text('empty.title') })).toBeVisible();
    await expect(page.locator('.sidebar-foot')).toHaveAttribute('title', library);
    expect(fs.existsSync(path.join(library, 'catalog.db'))).toBe(true);
  });
});
