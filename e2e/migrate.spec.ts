import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeLegacyTree } from '../test/migrate/fixture';
import { expect, test } from './fixtures';

function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(root, p), fs.readFileSync(p).toString('base64'));
    }
  };
  walk(root);
  return out;
}

test('the Migrate wizard plans, applies with zero unaccounted, and undoes', async ({ app }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-legacy-'));
  try {
    const media = makeLegacyTree(dir, { dataDb: true });
    const before = snapshot(media);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Migrate' }).click();
    await page.getByLabel('Legacy media folder').fill(media);
    await page.getByRole('button', { name: 'Scan' }).click();

    const totals = page.getByLabel('Plan totals');
    await expect(totals).toContainText('7 recordings');
    await expect(totals).toContainText('38 move');
    await expect(totals).toContainText('7 dedupe');
    await expect(totals).toContainText('0 conflicts');
    await expect(page.getByRole('table', { name: 'Migration plan' })).toContainText('Лекция «Введение» 1');
    await page.getByRole('button', { name: 'Dedupe', exact: true }).click();
    await expect(page.locator('.migrate-file.action-dedupe')).toHaveCount(7);
    await expect(page.locator('.migrate-file.action-move')).toHaveCount(0);
    await page.getByRole('button', { name: 'Leave', exact: true }).click();
    await expect(page.getByRole('table', { name: 'Migration plan' })).toContainText('temp_processing leftover: listed for cleanup');

    await page.getByRole('button', { name: 'Migrate 45 files' }).click();
    const report = page.getByLabel('Migration report');
    await expect(report.getByRole('heading', { name: 'Migration verified' })).toBeVisible();
    await expect(report.getByTestId('unaccounted')).toHaveText('0');
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('7 recordings');
    expect(fs.existsSync(path.join(media, 'data.db'))).toBe(false);
    // The temp_processing leftovers are offered for removal (not removed here: the undo below compares every byte).
    await expect(report.getByLabel('temp_processing leftovers')).toContainText('2 temp_processing leftovers');
    await expect(report.getByRole('button', { name: 'Remove temp_processing leftovers' })).toBeVisible();

    await report.getByRole('button', { name: 'Undo this migration' }).click();
    await expect(page.getByRole('heading', { name: 'Migration undone' })).toBeVisible();
    await expect(page.getByLabel('Undo report')).toContainText('45 files restored');
    await expect(page.getByTestId('undo-unaccounted')).toHaveText('0');
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('0 recordings');
    expect(snapshot(media)).toEqual(before);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed folder shows the new plan; the report removes the temp_processing leftovers on request', async ({ app }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-legacy-'));
  try {
    const media = makeLegacyTree(dir, { dataDb: false });
    const chunk = path.join(media, 'video/temp_processing/job_17/chunk_0001.ts');
    const notes = path.join(media, 'user_4/notes.txt');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Migrate' }).click();
    await page.getByLabel('Legacy media folder').fill(media);
    await page.getByRole('button', { name: 'Scan' }).click();
    await expect(page.getByLabel('Plan totals')).toContainText('recordings');
    // The folder changes after the plan: the apply is refused and the new plan is shown instead.
    fs.mkdirSync(path.join(media, 'video/unprocessed'), { recursive: true });
    fs.writeFileSync(path.join(media, 'video/unprocessed/Late addition (20.09.2024).mp4'), 'late bytes');
    await page.getByRole('button', { name: /^Migrate \d+ files$/ }).click();
    await expect(page.getByRole('alert')).toContainText('The folder changed since the plan; review the new plan');
    await expect(page.getByRole('table', { name: 'Migration plan' })).toContainText('Late addition');
    expect(fs.existsSync(chunk)).toBe(true);
    await page.getByRole('button', { name: /^Migrate \d+ files$/ }).click();
    const report = page.getByLabel('Migration report');
    await expect(report.getByRole('heading', { name: 'Migration verified' })).toBeVisible();
    expect(fs.existsSync(chunk)).toBe(true);
    await report.getByRole('button', { name: 'Remove temp_processing leftovers' }).click();
    await expect(report.getByTestId('leftovers-removed')).toContainText('Removed 2 files');
    expect(fs.existsSync(chunk)).toBe(false);
    expect(fs.existsSync(path.join(media, 'video'))).toBe(false);
    // Other leftovers are never touched.
    expect(fs.readFileSync(notes, 'utf8')).toBe('заметки');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
