/** Moving the library (issue 16): from Settings to a new folder; the recordings are listed from there. */
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { makeAudio } from '../test/media';
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
