import fs from 'node:fs';
import path from 'node:path';
import { importPaths } from '@core/import/importer';
import { Library } from '@core/catalog/library';
import { saveProfile } from '@core/services/profiles';
import { trashRecordings } from '@core/trash/trash';
import { makeAudio, tools } from '../test/media';
import { expect, test as base } from './fixtures';
import { detailPanel, openView } from './support/flows';

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

test('delete a recording from the detail panel, undo it from the toast, then find it in Trash and restore it', async ({ app, ui }) => {
  const { page } = app;
  const tbody = page.locator('.tbody');
  await page.getByText('Лекция по физике').click();
  await detailPanel(page, ui).getByRole('button', { name: ui.text('detail.delete') }).click();
  await expect(tbody.getByText('Лекция по физике')).toHaveCount(0);
  // The toast says what happened and offers Undo; Undo brings it back.
  const toast = page.locator('.toast');
  await expect(toast).toContainText(ui.text('toast.trashed', { count: 1 }));
  await toast.getByRole('button', { name: ui.text('toast.undo') }).click();
  await expect(toast).toContainText(ui.text('toast.restored', { count: 1 }));
  await expect(tbody.getByText('Лекция по физике')).toBeVisible();

  await tbody.getByText('Лекция по физике').click();
  await detailPanel(page, ui).getByRole('button', { name: ui.text('detail.delete') }).click();
  await expect(tbody.getByText('Лекция по физике')).toHaveCount(0);
  await openView(page, ui, 'trash');
  const row = page.getByRole('table', { name: ui.text('trash.table') }).getByRole('row', { name: /Лекция по физике/ });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: ui.text('trash.restore') }).click();
  await expect(page.getByText(ui.text('trash.isEmpty'))).toBeVisible();

  await openView(page, ui, 'recordings');
  await expect(tbody.getByText('Лекция по физике')).toBeVisible();
});

test('a cleanup dry run in the Cleanup view lists the items (a file in a recording folder as unknown)', async ({ app, ui }) => {
  const { page } = app;
  await openView(page, ui, 'cleanup');
  await page.getByRole('button', { name: ui.text('cleanup.dryRun') }).click();
  const items = page.getByRole('table', { name: ui.text('cleanup.items') });
  await expect(items.getByRole('row', { name: /stray-notes\.txt/ })).toContainText(ui.text('cleanup.action.quarantine'));
  await expect(items.getByRole('row', { name: /stray-notes\.txt/ })).toContainText(ui.text('cleanup.kind.unknown'));
  await expect(page.getByTestId('kind-count-unknown')).toContainText(ui.pattern('cleanup.kindCount', { count: 1 }));
  await expect(page.getByTestId('kind-count-orphans')).toContainText(ui.pattern('cleanup.kindCount', { count: 0 }));
  await expect(page.getByTestId('watcher-health')).toContainText(new RegExp(['watcher.watching', 'watcher.starting', 'watcher.fallback', 'watcher.stopped'].map((k) => ui.pattern(k).source).join('|')));
  await page.getByRole('button', { name: ui.text('watcher.scanNow') }).click();
  // The file in a recording folder is counted once, as unknown (it was also counted as an orphan).
  await expect(page.getByTestId('scan-result')).toContainText(ui.pattern('watcher.scanned', { orphans: 0, unknown: 1, missing: 0 }));

  // Confirming runs exactly the list shown: the person's file is quarantined (because they confirmed it) and the audit log says so.
  await page.getByRole('button', { name: ui.text('cleanup.cleanUp') }).click();
  const dialog = page.getByRole('dialog', { name: ui.text('confirmCleanup.label') });
  await expect(dialog).toContainText(ui.text('confirmCleanup.unknown', { count: 1 }));
  await dialog.getByRole('button', { name: ui.text('confirmCleanup.confirm'), exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.cleanup-view')).toContainText('stray-notes.txt');
  await page.getByRole('button', { name: ui.text('cleanup.dryRun') }).click();
  await expect(page.getByTestId('kind-count-unknown')).toContainText(ui.pattern('cleanup.kindCount', { count: 0 }));
});

test('a renamed library folder shows the offline banner, and it goes away when the folder returns', async ({ app, library, ui }) => {
  const { page } = app;
  const offline = new RegExp(`${ui.pattern('availability.offline').source}|${ui.pattern('availability.offlineWithReason').source}`);
  await expect(page.getByText('Лекция по физике')).toBeVisible();
  fs.renameSync(library, `${library}-away`);
  try {
    await expect(page.getByRole('alert').filter({ hasText: offline })).toBeVisible();
  } finally {
    fs.renameSync(`${library}-away`, library);
  }
  await expect(page.getByRole('alert').filter({ hasText: offline })).toHaveCount(0);
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

wide('a profile folder going away shows the degraded banner with its reason; it goes when the folder returns', async ({ app, library, ui }) => {
  const { page } = app;
  await expect(page.getByText('Совещание 1')).toBeVisible();
  const p2 = path.join(library, 'users', '2');
  fs.renameSync(p2, `${library}-users-2`);
  const banner = page.getByTestId('availability-banner');
  try {
    await expect(banner).toContainText(ui.text('availability.degradedTitle'));
    // Why, in the person's language (ru: «нет папки users/2/ (профиль «Анна»)»).
    await expect(banner).toContainText(ui.text('reasons.av-profile-missing', { folder: 'users/2/', name: 'Анна' }));
  } finally {
    fs.renameSync(`${library}-users-2`, p2);
  }
  await expect(banner).toHaveCount(0);
  await expect(page.getByText('Лекция Анны')).toBeVisible();
});

wide('a missing recording can be forgotten from its details, after a confirmation that says what happens', async ({ app, ui }) => {
  const { page } = app;
  const row = page.locator('.tbody').getByText('Потерянная запись');
  await expect(row).toBeVisible();
  await row.click();
  const detail = detailPanel(page, ui);
  await expect(detail).toContainText(ui.text('status.missing'));
  await expect(detail.getByRole('button', { name: ui.text('detail.delete') })).toBeVisible();
  await detail.getByRole('button', { name: ui.text('detail.forget') }).click();
  const dialog = page.getByRole('dialog', { name: ui.text('forget.label') });
  await expect(dialog).toContainText(ui.text('forget.title', { name: 'Потерянная запись' }));
  await expect(dialog).toContainText(ui.pattern('forget.goneWithReason'));
  // The reason in the page's language too ("a file is gone from the library folder: …").
  await expect(dialog).toContainText(ui.pattern('reasons.file-gone'));
  await expect(dialog).toContainText(ui.text('forget.instead'));
  await dialog.getByRole('button', { name: ui.text('common.cancel') }).click();
  await expect(dialog).toBeHidden();
  await expect(row).toBeVisible();
  // Escape closes it too, and focus goes back to the button that opened it.
  const forgetButton = detail.getByRole('button', { name: ui.text('detail.forget') });
  await forgetButton.click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(forgetButton).toBeFocused();
  await forgetButton.click();
  await dialog.getByRole('button', { name: ui.text('forget.confirm'), exact: true }).click();
  await expect(page.locator('.tbody').getByText('Потерянная запись')).toHaveCount(0);
  // A recording with its files offers no Forget.
  await page.locator('.tbody').getByText('Совещание 2').click();
  await expect(detailPanel(page, ui).getByRole('button', { name: ui.text('detail.forget') })).toHaveCount(0);
});

wide('a mass cleanup needs the item count typed before it runs', async ({ app, ui }) => {
  const { page } = app;
  await openView(page, ui, 'cleanup');
  await page.getByRole('button', { name: ui.text('cleanup.dryRun') }).click();
  await expect(page.getByTestId('kind-count-trash')).toContainText(ui.pattern('cleanup.kindCount', { count: 3 }));
  await expect(page.getByRole('note').filter({ hasText: ui.pattern('cleanup.massChange') })).toContainText(ui.text('reasons.cl-mass-recordings', { done: 3, count: 9 }));
  await page.getByRole('button', { name: ui.text('cleanup.cleanUp') }).click();
  const dialog = page.getByRole('dialog', { name: ui.text('confirmCleanup.label') });
  const go = dialog.getByRole('button', { name: ui.text('confirmCleanup.confirm'), exact: true });
  await expect(go).toBeDisabled();
  const input = dialog.getByRole('textbox', { name: ui.text('confirmCleanup.typeCount') });
  await input.fill('2');
  await expect(go).toBeDisabled();
  await input.fill('3');
  await expect(go).toBeEnabled();
  await go.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: ui.text('cleanup.lastRun') })).toContainText(ui.text('cleanup.lastRunResult', { done: 3, skipped: 0 }));
  await openView(page, ui, 'trash');
  await expect(page.getByText(ui.text('trash.isEmpty'))).toBeVisible();
});

wide('emptying the trash and a scheduled kind run now each follow their job to its result', async ({ app, ui }) => {
  const { page } = app;
  await openView(page, ui, 'trash');
  await expect(page.getByRole('table', { name: ui.text('trash.table') }).getByRole('row', { name: /Старое 1/ })).toBeVisible();
  await page.getByRole('button', { name: ui.text('trash.emptyNow') }).click();
  const dialog = page.getByRole('dialog', { name: ui.text('trash.emptyLabel') });
  await dialog.getByRole('button', { name: ui.text('trash.emptyConfirm'), exact: true }).click();
  // The request answers with a job; the note comes from the job's summary once it has ended.
  await expect(page.getByRole('status').filter({ hasText: ui.pattern('trash.removed', { count: 3 }) })).toBeVisible();
  await expect(page.getByText(ui.text('trash.isEmpty'))).toBeVisible();

  await openView(page, ui, 'cleanup');
  const kind = ui.text('cleanup.kind.temp');
  const row = page.getByRole('table', { name: ui.text('schedule.title') }).getByRole('row', { name: kind });
  await expect(row).toContainText(ui.text('common.never'));
  await row.getByRole('button', { name: ui.text('schedule.runNowNamed', { kind }) }).click();
  await expect(row).toContainText(ui.pattern('schedule.result', { count: 0 }));
  await expect(row).not.toContainText(ui.text('common.never'));
});

test('a media file a cleanup set aside is listed in Trash with where it was, and becomes a recording again from there', async ({ app, ui, library }) => {
  const { page } = app;
  // Dropped into the layout by hand, outside any recording folder: an orphan a cleanup sets aside.
  makeAudio(path.join(library, 'users', '1', 'Запись «забытая» [1].wav'), 1.3);
  await openView(page, ui, 'cleanup');
  await page.getByRole('button', { name: ui.text('cleanup.dryRun') }).click();
  const items = page.getByRole('table', { name: ui.text('cleanup.items') });
  await expect(items.getByRole('row', { name: /Запись «забытая» \[1\]\.wav/ })).toContainText(ui.text('cleanup.action.quarantine'));
  await page.getByRole('button', { name: ui.text('cleanup.cleanUp') }).click();
  const dialog = page.getByRole('dialog', { name: ui.text('confirmCleanup.label') });
  await dialog.getByRole('button', { name: ui.text('confirmCleanup.confirm'), exact: true }).click();
  await expect(dialog).toBeHidden();

  await openView(page, ui, 'trash');
  const setAside = page.getByRole('table', { name: ui.text('setAside.table') });
  const row = setAside.getByRole('row', { name: /Запись «забытая» \[1\]\.wav/ });
  await expect(row).toContainText('users/1/Запись «забытая» [1].wav');
  await expect(row).toContainText(/trash\/\d{4}-\d{2}-\d{2}\/users\/1\//);
  // The person's note (quarantined because they confirmed the list) is listed too, and is not media.
  const notes = setAside.getByRole('row', { name: /stray-notes\.txt/ });
  await expect(notes).toBeVisible();
  await expect(notes.getByRole('button')).toHaveCount(0);

  await row.getByRole('button', { name: ui.text('setAside.importNamed', { name: 'users/1/Запись «забытая» [1].wav' }) }).click();
  await expect(page.locator('.set-aside').getByRole('status')).toContainText(ui.text('setAside.imported', { name: 'Запись «забытая» [1].wav' }));
  await openView(page, ui, 'recordings');
  await expect(page.getByRole('cell', { name: 'Запись «забытая» [1]', exact: true })).toBeVisible();
});
