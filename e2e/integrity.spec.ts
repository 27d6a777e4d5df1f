import fs from 'node:fs';
import path from 'node:path';
import { importPaths } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { saveProfile } from '@core/services/profiles';
import { trashRecordings } from '@core/trash/trash';
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

test('a cleanup dry run in the Cleanup view lists the items (a file in a recording folder as unknown)', async ({ app }) => {
  const { page } = app;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cleanup' }).click();
  await page.getByRole('button', { name: 'Dry run' }).click();
  const items = page.getByRole('table', { name: 'Cleanup items' });
  await expect(items.getByRole('row', { name: /stray-notes\.txt/ })).toContainText('quarantine');
  await expect(items.getByRole('row', { name: /stray-notes\.txt/ })).toContainText('Unknown files in recording folders');
  await expect(page.getByTestId('kind-count-unknown')).toContainText('1 item(s)');
  await expect(page.getByTestId('kind-count-orphans')).toContainText('0 item(s)');
  await expect(page.getByTestId('watcher-health')).toContainText(/Watching|Starting|Not watching/);
  await page.getByRole('button', { name: 'Scan now' }).click();
  await expect(page.getByTestId('scan-result')).toContainText('1 orphan(s)');

  // Confirming runs exactly the list shown: the person's file is quarantined (because they confirmed it) and the audit log says so.
  await page.getByRole('button', { name: 'Clean up…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm cleanup' });
  await expect(dialog).toContainText('1 file(s) in recording folders that Reclib did not put there');
  await dialog.getByRole('button', { name: 'Clean up' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.cleanup-view')).toContainText('stray-notes.txt');
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByTestId('kind-count-unknown')).toContainText('0 item(s)');
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

const DAY = 86_400_000;

/** Two profiles (the second with its own folder users/2/), one recording whose file is gone, and three trashed long ago. */
const wide = base.extend<{ library: string }>({
  library: async ({ library }, use) => {
    const src = path.join(path.dirname(library), 'src');
    const names = ['Совещание 1', 'Совещание 2', 'Совещание 3', 'Совещание 4', 'Потерянная запись', 'Старое 1', 'Старое 2', 'Старое 3'];
    names.forEach((n, i) => makeAudio(path.join(src, `${n}.wav`), 0.3 + i * 0.07));
    const src2 = path.join(path.dirname(library), 'src2');
    makeAudio(path.join(src2, 'Лекция Анны.wav'), 0.25);
    const lib = Library.open(library, { create: true, writer: 'e2e setup' });
    try {
      const r = await importPaths(lib, [src], { profileId: 1, move: false, force: false, tools });
      const byName = new Map(r.imported.map((i) => [path.basename(i.source, '.wav'), i.id]));
      const p2 = saveProfile(lib, { id: null, name: 'Анна', quotaBytes: null, retentionDays: null });
      await importPaths(lib, [src2], { profileId: p2.id, move: false, force: false, tools });
      trashRecordings(lib, ['Старое 1', 'Старое 2', 'Старое 3'].map((n) => byName.get(n)!), 'e2e', Date.now() - 40 * DAY);
      fs.rmSync(lib.paths.abs(`users/1/recordings/${byName.get('Потерянная запись')}/source.wav`));
    } finally {
      lib.close();
    }
    await use(library);
  },
});

wide('a profile folder going away shows the degraded banner with its reason; it goes when the folder returns', async ({ app, library }) => {
  const { page } = app;
  await expect(page.getByText('Совещание 1')).toBeVisible();
  const p2 = path.join(library, 'users', '2');
  fs.renameSync(p2, `${library}-users-2`);
  const banner = page.getByTestId('availability-banner');
  try {
    await expect(banner).toContainText('Part of the library looks unavailable');
    await expect(banner).toContainText('users/2/ (profile “Анна”) is missing');
  } finally {
    fs.renameSync(`${library}-users-2`, p2);
  }
  await expect(banner).toHaveCount(0);
  await expect(page.getByText('Лекция Анны')).toBeVisible();
});

wide('a missing recording can be forgotten from its details, after a confirmation that says what happens', async ({ app }) => {
  const { page } = app;
  const row = page.locator('.tbody').getByText('Потерянная запись');
  await expect(row).toBeVisible();
  await row.click();
  const detail = page.getByRole('complementary', { name: 'Recording details' });
  await expect(detail).toContainText('Missing');
  await expect(detail.getByRole('button', { name: 'Delete' })).toBeVisible();
  await detail.getByRole('button', { name: 'Forget…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Forget recording' });
  await expect(dialog).toContainText('Forget “Потерянная запись”?');
  await expect(dialog).toContainText('removes it from the catalog for good');
  await expect(dialog).toContainText('put them back instead');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toBeVisible();
  await detail.getByRole('button', { name: 'Forget…' }).click();
  await dialog.getByRole('button', { name: 'Forget' }).click();
  await expect(page.locator('.tbody').getByText('Потерянная запись')).toHaveCount(0);
  // A recording with its files offers no Forget.
  await page.locator('.tbody').getByText('Совещание 2').click();
  await expect(page.getByRole('complementary', { name: 'Recording details' }).getByRole('button', { name: 'Forget…' })).toHaveCount(0);
});

wide('a mass cleanup needs the item count typed before it runs', async ({ app }) => {
  const { page } = app;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Cleanup' }).click();
  await page.getByRole('button', { name: 'Dry run' }).click();
  await expect(page.getByTestId('kind-count-trash')).toContainText('3 item(s)');
  await expect(page.getByRole('note').filter({ hasText: 'This is a mass change' })).toContainText('3 of 9 recordings');
  await page.getByRole('button', { name: 'Clean up…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm cleanup' });
  const go = dialog.getByRole('button', { name: 'Clean up' });
  await expect(go).toBeDisabled();
  const input = dialog.getByRole('textbox', { name: 'Type the number of items to confirm' });
  await input.fill('2');
  await expect(go).toBeDisabled();
  await input.fill('3');
  await expect(go).toBeEnabled();
  await go.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Last run' })).toContainText('Done 3, skipped 0.');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Trash' }).click();
  await expect(page.getByText('The trash is empty.')).toBeVisible();
});
