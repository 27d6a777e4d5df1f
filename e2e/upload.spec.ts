/** Browser mode: files dropped on the window are uploaded (with progress) into the import flow. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeVideo } from '../test/media';
import { expect, test } from './fixtures';

test('a file with a Cyrillic name dropped on the window is uploaded and imported', async ({ app, ui }) => {
  test.skip(app.host !== 'web', 'the desktop app imports dropped files by their paths');
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-drop-'));
  try {
    const bytes = fs.readFileSync(makeVideo(path.join(dir, 'v.mp4'), { seconds: 2 })).toString('base64');
    await page.locator('.recordings-view').waitFor();
    // A real drop event with a real File, as the browser makes one when a file is dropped.
    await page.evaluate(`(() => {
      const raw = Uint8Array.from(atob(${JSON.stringify(bytes)}), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([raw], ${JSON.stringify('Семинар «Итоги» 2024.mp4')}, { type: 'video/mp4' }));
      document.querySelector('.recordings-view').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    })()`);
    // The staged copy reaches the import dialog like a dropped path does in the desktop app.
    const dialog = page.getByRole('dialog', { name: ui.text('import.title') });
    await dialog.getByRole('button', { name: ui.text('import.start'), exact: true }).click();
    await expect(dialog.getByText(ui.text('import.finished'))).toBeVisible();
    await dialog.getByRole('button', { name: ui.text('common.close') }).click();
    await expect(page.getByRole('cell', { name: 'Семинар «Итоги» 2024' })).toBeVisible();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('browser mode picks a folder with the server-side folder browser (folders only, under home)', async ({ app, ui }) => {
  test.skip(app.host !== 'web', 'the desktop app uses the system folder dialog');
  const { page } = app;
  const home = fs.realpathSync(os.homedir());
  const folder = fs.mkdtempSync(path.join(home, 'Записи «лекции» '));
  try {
    await page.getByRole('button', { name: ui.text('empty.import') }).click();
    const dialog = page.getByRole('dialog', { name: ui.text('import.title') });
    await dialog.getByRole('button', { name: ui.text('import.chooseFolder') }).click();
    const browser = dialog.getByRole('dialog', { name: ui.text('upload.chooseFolder') });
    await expect(browser.getByText(ui.text('upload.places'))).toBeVisible();
    await browser.getByRole('button', { name: path.basename(home), exact: false }).first().click();
    await browser.getByRole('button', { name: path.basename(folder) }).click();
    await expect(browser.getByText(folder)).toBeVisible();
    await browser.getByRole('button', { name: ui.text('upload.chooseThis') }).click();
    await expect(browser).toBeHidden();
    await expect(dialog.getByLabel(ui.text('import.paths'))).toHaveValue(folder);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
