import { expect, test } from './fixtures';

test('opens on an empty library with an Import action', async ({ app, library }) => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import recordings' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('0 recordings');
  await expect(page.locator('.sidebar-foot')).toHaveAttribute('title', library);
  await page.getByRole('button', { name: 'Import recordings' }).click();
  await expect(page.getByRole('dialog', { name: 'Import recordings' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
});
