/** Expiry (issue 16): set from the selection; nothing is removed, the expired cleanup lists it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeVideo } from '../test/media';
import { expect, test } from './fixtures';
import { detailPanel, importPaths } from './support/flows';

test('Expiry from the selection stores a date (the start of that local day); the detail panel shows it and sets Never; nothing is removed', async ({ app, ui, library }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-expiry-'));
  try {
    const name = 'Планёрка «старая»';
    await importPaths(page, ui, [makeVideo(path.join(dir, `${name}.mp4`), { seconds: 2 })]);
    const setExpiry = async (choice: 'date' | 'never', date?: string) => {
      await page.getByRole('checkbox', { name: ui.text('recordings.select', { name }) }).check();
      await page.getByRole('region', { name: ui.text('selection.label') }).getByRole('button', { name: ui.text('expiryDialog.open') }).click();
      const dialog = page.getByRole('dialog', { name: ui.text('expiryDialog.title', { count: 1 }) });
      await dialog.getByRole('radio', { name: ui.text(`expiryDialog.${choice}`) }).check();
      if (date) await dialog.getByLabel(ui.text('expiryDialog.dateValue')).fill(date);
      await dialog.getByRole('button', { name: ui.text('expiryDialog.save') }).click();
      await expect(dialog.getByRole('status')).toHaveText(ui.text('expiryDialog.saved', { count: 1 }));
      await dialog.press('Escape');
      await expect(dialog).toBeHidden();
    };
    const stored = () => {
      const db = new Database(path.join(library, 'catalog.db'), { readonly: true });
      try {
        return db.prepare('SELECT expire_at AS e, status FROM recordings').get() as { e: number | null; status: string };
      } finally {
        db.close();
      }
    };
    await setExpiry('date', '2021-03-15');
    expect(stored()).toEqual({ e: new Date(2021, 2, 15).getTime(), status: 'ready' });
    // The detail panel says when it expires, and changes it for this recording alone.
    await page.getByRole('cell', { name }).click();
    const detail = detailPanel(page, ui);
    const fact = detail.locator('.expiry-value');
    await expect(fact).not.toHaveText(ui.text('expiryDialog.factNone'));
    await expect(fact).toContainText('2021');
    await detail.getByRole('button', { name: ui.text('expiryDialog.change') }).click();
    const dialog = page.getByRole('dialog', { name: ui.text('expiryDialog.title', { count: 1 }) });
    await dialog.getByRole('radio', { name: ui.text('expiryDialog.never') }).check();
    await dialog.getByRole('button', { name: ui.text('expiryDialog.save') }).click();
    await expect(dialog.getByRole('status')).toHaveText(ui.text('expiryDialog.saved', { count: 1 }));
    await dialog.press('Escape');
    await expect(fact).toHaveText(ui.text('expiryDialog.factNever'));
    expect(stored().e).toBe(8_640_000_000_000_000);
    expect(stored().status).toBe('ready');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
