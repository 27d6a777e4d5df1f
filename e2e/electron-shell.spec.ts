/**
 * The desktop shell where it really runs (the `electron` project; skipped where Electron's binary
 * could not be downloaded). Their Node-side twins are test/shell/decisions.test.ts and test/host/.
 */
import { expect, test } from './fixtures';

test.beforeEach(({ app }) => {
  test.skip(app.host !== 'electron', 'the desktop shell only');
});

test('the renderer is served from app://reclib and reaches the library through the preload', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Recordings' })).toBeVisible();
  expect(new URL(page.url()).protocol).toBe('app:');
  expect(new URL(page.url()).host).toBe('reclib');
  expect(await page.evaluate('typeof window.reclib')).toBe('object');
});

test('the window never navigates away from Reclib, and permission requests are denied', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Recordings' })).toBeVisible();
  const before = page.url();
  await page.evaluate("window.location.href = 'https://example.com/'");
  await page.evaluate("window.location.href = 'file:///etc/passwd'");
  await expect(page.getByRole('heading', { name: 'Recordings' })).toBeVisible();
  expect(page.url()).toBe(before);
  expect(await page.evaluate('Notification.requestPermission()')).toBe('denied');
  // window.open never makes a window of the app; https links go to the system browser.
  expect(await page.evaluate("window.open('https://example.com/') === null")).toBe(true);
});
