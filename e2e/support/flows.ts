/** Steps many specs share, written once, in the page's language. */
import { expect, type Locator, type Page } from '@playwright/test';
import type { UiText } from './i18n';

export const nav = (page: Page, ui: UiText) => page.getByRole('navigation', { name: ui.text('nav.label') });

/** Opens a view from the sidebar. */
export async function openView(page: Page, ui: UiText, view: string): Promise<void> {
  await nav(page, ui).getByRole('button', { name: ui.text(`nav.${view}`) }).click();
}

/** Opens the Import dialog (from the empty library or the toolbar), types the paths, imports, and waits for the report. */
export async function importPaths(page: Page, ui: UiText, paths: string[], opts: { move?: boolean; close?: boolean } = {}): Promise<Locator> {
  const empty = page.getByRole('button', { name: ui.text('empty.import') });
  if (await empty.isVisible()) await empty.click();
  else await page.getByRole('button', { name: ui.text('recordings.import') }).click();
  const dialog = page.getByRole('dialog', { name: ui.text('import.title') });
  await dialog.getByLabel(ui.text('import.paths')).fill(paths.join('\n'));
  if (opts.move) await dialog.getByLabel(ui.text('import.move')).check();
  await dialog.getByRole('button', { name: ui.text('import.start'), exact: true }).click();
  await expect(dialog.getByText(ui.text('import.finished'))).toBeVisible();
  if (opts.close !== false) {
    await dialog.getByRole('button', { name: ui.text('common.close') }).click();
    await expect(dialog).toBeHidden();
  }
  return dialog;
}

/** The role of a cell in the Recordings table. */
export const CELL = 'cell' as const;

/** The data rows of the Recordings table (not the header row). */
export const dataRows = (page: Page) => page.getByRole('row').filter({ has: page.getByRole(CELL) });

export const detailPanel = (page: Page, ui: UiText) => page.getByRole('complementary', { name: ui.text('detail.label') });
