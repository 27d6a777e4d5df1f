/**
 * A view that cannot be loaded (its chunk does not arrive: the Reclib server was stopped) shows an
 * error in its place with Retry, and the rest of the app stays: never a blank page.
 */
import { expect, test } from './fixtures';
import { nav, openView } from './support/flows';

test('a view whose code cannot be fetched shows an error with Retry; the navigation and other views stay', async ({ app, ui }) => {
  const { page } = app;
  test.skip(app.host !== 'web', 'chunks come from the server only in the browser');
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // As with the server stopped: every script asked for from now on fails to arrive.
  await page.route('**/assets/**', (route) => route.abort('connectionrefused'));

  await openView(page, ui, 'cleanup');
  const error = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: ui.text('viewError.title') }) });
  await expect(error).toBeVisible();
  await expect(error).toContainText(ui.text('viewError.unreachable'));
  await expect(error.getByRole('button', { name: ui.text('viewError.retry') })).toBeVisible();
  await expect(nav(page, ui)).toBeVisible();
  expect(pageErrors).toEqual([]);

  // The navigation still works: the first screen, already loaded, comes back.
  await openView(page, ui, 'recordings');
  await expect(page.getByRole('heading', { level: 1, name: ui.text('recordings.title') })).toBeVisible();
  await expect(error).toBeHidden();

  // Back online, Retry loads the view.
  await page.unroute('**/assets/**');
  await openView(page, ui, 'cleanup');
  await Promise.all([page.waitForEvent('load'), error.getByRole('button', { name: ui.text('viewError.retry') }).click()]);
  await page.locator('[data-ssr]').waitFor({ state: 'detached' });
  await openView(page, ui, 'cleanup');
  await expect(page.getByRole('heading', { level: 1, name: ui.text('cleanup.title') })).toBeVisible();
});
