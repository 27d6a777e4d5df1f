/**
 * README screenshots, taken in Chromium through the harness: `npm run screenshots`.
 * Skipped in the normal test run (RECLIB_SCREENSHOTS unset).
 */
import path from 'node:path';
import { expect, test } from './fixtures';

const out = path.resolve('docs/screenshots');

test.skip(!process.env.RECLIB_SCREENSHOTS, 'screenshots are taken by `npm run screenshots`');

test('empty library', async ({ app }, testInfo) => {
  test.skip(app.host !== 'web', 'README screenshots come from Chromium');
  await expect(app.page.getByRole('heading', { name: 'Your library is empty' })).toBeVisible();
  await app.page.screenshot({ path: path.join(out, 'empty-library.png') });
  void testInfo;
});
