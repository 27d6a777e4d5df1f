/**
 * Keyboard only (issue 15): import, open, play, rename, delete and undo, and every dialog closes
 * with Escape and gives focus back. No mouse event is sent after the page loads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { makeAudio } from '../test/media';
import { expect, test } from './fixtures';
import { dataRows, detailPanel } from './support/flows';

/** Runs a function in the page on the element (a string: these specs compile without the DOM types). */
const js = <T>(l: Locator, fn: string): Promise<T> => l.evaluate((el, src) => (new Function('el', `return (${src})(el);`) as (e: unknown) => T)(el), fn);

/** Presses Tab until the target has focus (a person tabbing to it); fails if it is not reachable. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await js<boolean>(target, 'el => el === document.activeElement').catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

const focusedRowName = (page: Page) => page.locator('.tbody [role="row"]:focus .name-text');

test('by keyboard only: import, open, play, rename, delete and undo; dialogs close with Escape', async ({ app, ui }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-kbd-'));
  try {
    makeAudio(path.join(src, 'Алфавит 1.wav'), 2);
    makeAudio(path.join(src, 'Алфавит 2.wav'), 2.6); // another length: the same bytes would be refused as a duplicate

    // Import: Tab to the button, Enter, type the path, Ctrl+Enter; Escape closes the report.
    await tabTo(page, page.getByRole('button', { name: ui.text('empty.import') }));
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: ui.text('import.title') });
    await expect(dialog.getByLabel(ui.text('import.paths'))).toBeFocused();
    await page.keyboard.insertText(src);
    await page.keyboard.press('Control+Enter');
    await expect(dialog.getByText(ui.text('import.finished'))).toBeVisible();
    // Focus stays inside the dialog however often Tab is pressed.
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await js<boolean>(dialog, 'd => d.contains(document.activeElement)')).toBe(true);
    }
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(dataRows(page)).toHaveCount(2);

    // Rows: Tab lands on the first row; arrows move the focus and the selection with it; the focused row is visibly marked.
    await tabTo(page, page.locator('.tbody [data-index="0"]'));
    await expect(focusedRowName(page)).toHaveCount(1);
    const first = (await focusedRowName(page).textContent())!;
    await page.keyboard.press('ArrowDown');
    const second = (await focusedRowName(page).textContent())!;
    expect(second).not.toBe(first);
    await expect(page.locator('.tbody [role="row"]:focus')).toHaveClass(/\bselected\b/);
    await expect(detailPanel(page, ui).getByRole('heading', { name: second })).toBeVisible();
    const outline = await js<string>(page.locator('.tbody [role="row"]:focus'), 'el => getComputedStyle(el).outlineStyle');
    expect(outline).not.toBe('none');
    await page.keyboard.press('Home');
    await expect(focusedRowName(page)).toHaveText(first);
    await page.keyboard.press('End');
    await expect(focusedRowName(page)).toHaveText(second);

    // Enter opens; Space plays and pauses.
    await page.keyboard.press('Enter');
    const detail = detailPanel(page, ui);
    await expect(detail.getByRole('heading', { name: second })).toBeVisible();
    const player = detail.locator('.player');
    await expect(player).toBeVisible();
    await page.keyboard.press('Space');
    await expect.poll(() => js<boolean>(player, 'm => m.paused')).toBe(false);
    await page.keyboard.press('Space');
    await expect.poll(() => js<boolean>(player, 'm => m.paused')).toBe(true);

    // F2 renames; Escape in the field cancels only the rename, Enter saves.
    await page.keyboard.press('F2');
    const nameField = detail.getByLabel(ui.text('detail.displayName'));
    await expect(nameField).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(nameField).toBeHidden();
    await expect(detail).toBeVisible();
    await expect(focusedRowName(page)).toHaveText(second);
    // Only spaces: said in words (not the request check's), and nothing is renamed.
    await page.keyboard.press('F2');
    await expect(nameField).toBeFocused();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('   ');
    await page.keyboard.press('Enter');
    await expect(detail.locator('.banner.error')).toHaveText(ui.text('detail.nameEmpty'));
    await page.keyboard.press('Escape');
    await expect(detail.getByRole('heading', { name: second })).toBeVisible();
    await page.keyboard.press('F2');
    await expect(nameField).toBeFocused();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.insertText('Переименовано с клавиатуры');
    await page.keyboard.press('Enter');
    await expect(detail.getByRole('heading', { name: 'Переименовано с клавиатуры' })).toBeVisible();
    await expect(page.locator('.tbody').getByText('Переименовано с клавиатуры')).toBeVisible();
    await expect(detail.locator('.banner.error')).toHaveCount(0);
    // The keyboard is back on the row, not lost with the field: Space still plays.
    await expect(focusedRowName(page)).toHaveText('Переименовано с клавиатуры');
    await page.keyboard.press('Space');
    await expect.poll(() => js<boolean>(player, 'm => m.paused')).toBe(false);
    await page.keyboard.press('Space');
    await expect.poll(() => js<boolean>(player, 'm => m.paused')).toBe(true);

    // Escape closes the panel and puts focus back on the row.
    await page.keyboard.press('Escape');
    await expect(detail).toBeHidden();
    await expect(focusedRowName(page)).toHaveText('Переименовано с клавиатуры');

    // With the panel closed nothing is selected: Delete on the merely focused row trashes nothing.
    await page.keyboard.press('Delete');
    await expect(dataRows(page)).toHaveCount(2);
    await expect(page.locator('.toast')).toHaveCount(0);

    // Delete trashes the selected row at once; the toast offers Undo; Ctrl/Cmd+Z takes it back.
    await page.keyboard.press('Enter');
    await expect(detail.getByRole('heading', { name: 'Переименовано с клавиатуры' })).toBeVisible();
    await page.keyboard.press('Delete');
    const toast = page.locator('.toast');
    await expect(toast).toContainText(ui.text('toast.trashed', { count: 1 }));
    await expect(dataRows(page)).toHaveCount(1);
    await expect(page.getByRole('navigation', { name: ui.text('nav.label') })).toContainText(ui.text('nav.recordingCount', { count: 1 }));
    await page.keyboard.press('ControlOrMeta+z');
    await expect(toast).toContainText(ui.text('toast.restored', { count: 1 }));
    await expect(dataRows(page)).toHaveCount(2);
    await expect(page.getByRole('navigation', { name: ui.text('nav.label') })).toContainText(ui.text('nav.recordingCount', { count: 2 }));

    // Shift+arrows extend the selection; Ctrl/Cmd+A selects all; Delete trashes the selection, Undo brings both back.
    await tabTo(page, page.locator('.tbody [role="row"][tabindex="0"]'));
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await expect(page.getByRole('region', { name: ui.text('selection.label') })).toContainText(ui.text('selection.count', { count: 2 }));
    await page.keyboard.press('Delete');
    await expect(toast).toContainText(ui.text('toast.trashed', { count: 2 }));
    await expect(dataRows(page)).toHaveCount(0);
    await tabTo(page, toast.getByRole('button', { name: ui.text('toast.undo') }));
    await page.keyboard.press('Enter');
    await expect(dataRows(page)).toHaveCount(2);

    // ? shows the shortcuts; Escape closes them and focus comes back to where it was.
    await page.locator('.tbody [role="row"][tabindex="0"]').focus();
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: ui.text('keys.title') });
    await expect(help).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();
    await expect(page.locator('.tbody [role="row"][tabindex="0"]')).toBeFocused();

    // Ctrl/Cmd+F and / focus the search.
    await page.keyboard.press('ControlOrMeta+f');
    await expect(page.getByRole('searchbox', { name: ui.text('recordings.search') })).toBeFocused();
    await page.keyboard.insertText('Переимен');
    await expect(dataRows(page)).toHaveCount(1);
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});

test('arrows move the selection with the focus, and Delete trashes the selected recording the panel shows', async ({ app, ui }) => {
  const { page } = app;
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-kbd-'));
  try {
    makeAudio(path.join(src, 'Запись А.wav'), 2);
    makeAudio(path.join(src, 'Запись Б.wav'), 2.6);
    await page.getByRole('button', { name: ui.text('empty.import') }).click();
    const dialog = page.getByRole('dialog', { name: ui.text('import.title') });
    await dialog.getByLabel(ui.text('import.paths')).fill(src);
    await page.keyboard.press('Control+Enter');
    await expect(dialog.getByText(ui.text('import.finished'))).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dataRows(page)).toHaveCount(2);

    // A click selects and opens the first row; ArrowDown takes the selection and the panel along.
    const rows = page.locator('.tbody [role="row"]');
    const firstName = (await rows.nth(0).locator('.name-text').textContent())!;
    const secondName = (await rows.nth(1).locator('.name-text').textContent())!;
    await rows.nth(0).locator('.col-date').click();
    const detail = detailPanel(page, ui);
    await expect(detail.getByRole('heading', { name: firstName })).toBeVisible();
    await page.keyboard.press('ArrowDown');
    await expect(focusedRowName(page)).toHaveText(secondName);
    await expect(detail.getByRole('heading', { name: secondName })).toBeVisible();
    await expect(page.locator('.tbody .tr.selected .name-text')).toHaveText([secondName]);

    // Delete trashes exactly that one: the first, no longer selected, stays.
    await page.keyboard.press('Delete');
    await expect(page.locator('.toast')).toContainText(ui.text('toast.trashed', { count: 1 }));
    await expect(dataRows(page)).toHaveCount(1);
    await expect(page.locator('.tbody .name-text')).toHaveText([firstName]);
    await expect(detail).toBeHidden();
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
});
