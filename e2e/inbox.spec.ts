/**
 * Settings → Inbox (issue 16): a folder added in the UI is watched by the app's host, and a
 * recording dropped there appears in Recordings on its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeVideo } from '../test/media';
import { expect, test } from './fixtures';
import { CELL, openView } from './support/flows';

test('a folder added in Settings → Inbox is watched: a recording dropped there appears in Recordings', async ({ app, ui }) => {
  const { page } = app;
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-inbox-'));
  try {
    const inbox = path.join(base, 'Входящие Zoom');
    fs.mkdirSync(inbox);
    await openView(page, ui, 'settings');
    const card = page.getByRole('region', { name: ui.text('inbox.title') });
    await expect(card).toBeVisible();
    await expect(card.getByText(ui.text('inbox.none'))).toBeVisible();
    // A short window, so the test does not wait the default few seconds.
    const windowField = card.getByLabel(ui.text('inbox.window'));
    await windowField.fill('1');
    await windowField.press('Enter');
    await expect(card.getByText(`✓ ${ui.text('settings.saved')}`)).toBeVisible();
    await card.getByLabel(ui.text('inbox.folder')).fill(inbox);
    await card.getByRole('button', { name: ui.text('inbox.add') }).click();
    const folders = card.getByRole('list', { name: ui.text('inbox.list') });
    await expect(folders).toContainText(inbox);
    await expect(folders).toContainText(ui.text('inbox.online'));

    // Written elsewhere and moved in whole, as an app finishing a recording does.
    const made = makeVideo(path.join(base, 'tmp.mp4'), { seconds: 2 });
    fs.renameSync(made, path.join(inbox, 'Планёрка понедельник.mp4'));
    await openView(page, ui, 'recordings');
    await expect(page.getByRole(CELL, { name: 'Планёрка понедельник' })).toBeVisible({ timeout: 60_000 });

    await openView(page, ui, 'settings');
    await expect(folders).toContainText(ui.text('inbox.handled', { count: 1 }));
    await card.getByRole('button', { name: ui.text('inbox.removeFolder', { path: inbox }) }).click();
    await expect(card.getByText(ui.text('inbox.none'))).toBeVisible();
  } finally {
    fs.rmSync(base, { recursive: true, force: true });
  }
});
