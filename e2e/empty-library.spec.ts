import { expect, test } from './fixtures';

test('opens on an empty library with an Import action', async ({ app, library, ui }) => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: ui.text('empty.title') })).toBeVisible();
  await expect(page.getByRole('button', { name: ui.text('empty.import') })).toBeVisible();
  await expect(page.getByRole('navigation', { name: ui.text('nav.label') })).toContainText(ui.text('nav.recordingCount', { count: 0 }));
  await expect(page.locator('.sidebar-foot')).toHaveAttribute('title', library);
  await page.getByRole('button', { name: ui.text('empty.import') }).click();
  await expect(page.getByRole('dialog', { name: ui.text('import.title') })).toBeVisible();
  await expect(page.getByRole('button', { name: ui.text('import.start'), exact: true })).toBeDisabled();
});
