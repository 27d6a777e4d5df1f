/**
 * A catalog restored from an older backup (the core's restore, as `reclib catalog restore` runs it)
 * does not know the recording imported after that backup. The app's first scan registers it again,
 * with the name the catalog it replaced knew, and its files are no cleanup's business.
 */
import path from 'node:path';
import { backupCatalog } from '@core/catalog/backup';
import { SCHEMA_VERSION } from '@core/catalog/connection';
import { Library } from '@core/catalog/library';
import { restoreCatalog } from '@core/catalog/restore';
import { importPaths } from '@core/import/importer';
import { makeAudio, tools } from '../test/media';
import { expect, test as base } from './fixtures';
import { openView } from './support/flows';

const test = base.extend<{ library: string }>({
  library: async ({ library }, use) => {
    const src = path.dirname(library);
    const lib = Library.open(library, { create: true, writer: 'e2e setup' });
    let backup: string;
    try {
      await importPaths(lib, [makeAudio(path.join(src, 'Лекция по физике.wav'), 1)], { profileId: 1, move: false, force: false, tools });
      backup = (await backupCatalog(lib.sqlite, lib.root)).path;
      await importPaths(lib, [makeAudio(path.join(src, 'Запись «после» [2].wav'), 1.5)], { profileId: 1, move: false, force: false, tools });
    } finally {
      lib.close();
    }
    restoreCatalog(library, backup, { owner: 'e2e setup', knownSchema: SCHEMA_VERSION });
    await use(library);
  },
});

test('a recording the restored catalog forgot is back in Recordings, and Cleanup leaves its files alone', async ({ app, ui }) => {
  const { page } = app;
  const tbody = page.locator('.tbody');
  await expect(tbody.getByText('Лекция по физике')).toBeVisible();
  await expect(tbody.getByText('Запись «после» [2]')).toBeVisible();
  await openView(page, ui, 'cleanup');
  await page.getByRole('button', { name: ui.text('cleanup.dryRun') }).click();
  await expect(page.getByTestId('kind-count-unknown')).toContainText(ui.pattern('cleanup.kindCount', { count: 0 }));
  await expect(page.getByTestId('kind-count-orphans')).toContainText(ui.pattern('cleanup.kindCount', { count: 0 }));
});
