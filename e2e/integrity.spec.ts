import fs from 'node:fs';
import path from 'node:path';
import { importPaths } from '../src-main/core/library/import/importer';
import { Library } from '../src-main/core/library/library';
import { makeAudio, tools } from '../test/media';
import { expect, test as base } from './fixtures';

/** The library gets one real recording (and a stray file in the layout) before the app opens it. */
const test = base.extend<{ library: string }>({
  library: async ({ library }, use) => {
    const src = path.join(path.dirname(library), 'src');
    makeAudio(path.join(src, 'Лекция по физике.wav'), 1);
    const lib = Library.open(library, { create: true, writer: 'e2e setup' });
    try {
      const r = await importPaths(lib, [src], { profileId: 1, move: false, force: false, tools });
      const id = r.imported[0]!.id;
      fs.writeFileSync(lib.paths.abs(`users/1/recordings/${id}/stray-notes.txt`), 'not ours');
    } finally {
      lib.close();
    }
    await use(library);
  },
});

test('delete a recording from the detail panel, find it in Trash, restore it', async ({ app }) => {
  const { page } = app;
  const nav = page.getByRole('navigation', { name: 'Main' });
  await page.getByText('Лекция по физике').click();
  const detail = page.getByRole('complementary', { name: 'Recording details' });
  await detail.getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator('.tbody').getByText('Лекция по физике')).toHaveCount(0);

  await nav.getByRole('button', { name: 'Trash' }).click();
  const row = page.getByRole('table', { name: 'Recordings in the trash' }).getByRole('row', { name: /Лекция по физике/ });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByText('The trash is empty.')).toBeVisible();

  await nav.getByRole('button', { name: 'Recordings' }).click();
  await expect(page.locator('.tbody').getByText('Лекция по физике')).toBeVisible();
});

test('a cleanup dry run in the Cleanup view lists the items', async ({ app }) => {
  const { page } = app;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cleanup' }).click();
  await page.getByRole('button', { name: 'Dry run' }).click();
  const items = page.getByRole('table', { name: 'Cleanup items' });
  await expect(items.getByRole('row', { name: /stray-notes\.txt/ })).toContainText('quarantine');
  await expect(page.getByTestId('kind-count-orphans')).toContainText('1 item(s)');
  await expect(page.getByTestId('watcher-health')).toContainText(/Watching|Starting|Not watching/);
  await page.getByRole('button', { name: 'Scan now' }).click();
  await expect(page.getByTestId('scan-result')).toContainText('1 orphan(s)');

  // Confirming runs exactly the list shown: the stray file is quarantined and the audit log says so.
  await page.getByRole('button', { name: 'Clean up…' }).click();
  await page.getByRole('dialog', { name: 'Confirm cleanup' }).getByRole('button', { name: 'Clean up' }).click();
  await expect(page.getByRole('dialog', { name: 'Confirm cleanup' })).toBeHidden();
  await expect(page.locator('.cleanup-view')).toContainText('stray-notes.txt');
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByTestId('kind-count-orphans')).toContainText('0 item(s)');
});

test('a renamed library folder shows the offline banner, and it goes away when the folder returns', async ({ app, library }) => {
  const { page } = app;
  await expect(page.getByText('Лекция по физике')).toBeVisible();
  fs.renameSync(library, `${library}-away`);
  try {
    await expect(page.getByRole('alert').filter({ hasText: 'cannot be reached' })).toBeVisible();
  } finally {
    fs.renameSync(`${library}-away`, library);
  }
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be reached' })).toHaveCount(0);
  await expect(page.getByText('Лекция по физике')).toBeVisible();
});
