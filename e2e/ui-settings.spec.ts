/**
 * Settings that travel with the person (issue 15): language, theme and the Recordings layout are
 * stored with the app settings, so another browser profile (a fresh context: no localStorage)
 * opening the same app shows them too, and "Saved" appears once they are stored.
 */
import { expect, test } from './fixtures';
import { openView } from './support/flows';
import { uiText } from './support/i18n';

test('language, theme and layout chosen in one window are there in another browser profile', async ({ app, ui }) => {
  const { page } = app;
  test.skip(app.host !== 'web', 'a second browser profile is a web-mode matter');
  // The layout: the grid of posters.
  const toggle = page.getByRole('group', { name: ui.text('layout.view') });
  await toggle.getByRole('button', { name: ui.text('layout.grid') }).click();
  await expect(toggle.getByRole('button', { name: ui.text('layout.grid') })).toHaveAttribute('aria-pressed', 'true');

  await openView(page, ui, 'settings');
  await page.getByLabel(ui.text('theme.label')).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // The other language than the project's, so the change shows in both projects (web and web-ru).
  const other = ui.text('settings.language') === uiText('ru-RU').text('settings.language') ? 'en' : 'ru';
  const next = uiText(other === 'ru' ? 'ru-RU' : 'en-US');
  await page.getByLabel(ui.text('settings.language')).selectOption(other);
  await expect(page.getByRole('heading', { level: 1, name: next.text('settings.title') })).toBeVisible();
  await expect(page.getByText(next.text('settings.saved'))).toBeVisible();

  // Another browser profile: nothing in its localStorage, the same app settings behind it (only
  // the server's access cookie is carried over, as opening the printed address would set it).
  const browser = page.context().browser()!;
  const fresh = await browser.newContext({ locale: test.info().project.use.locale, colorScheme: 'light' });
  await fresh.addCookies(await page.context().cookies());
  try {
    const second = await fresh.newPage();
    await second.goto(page.url());
    await expect(second.getByRole('heading', { level: 1, name: next.text('recordings.title') })).toBeVisible();
    await expect(second.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(second.locator('html')).toHaveAttribute('lang', other);
    await expect(second.getByRole('group', { name: next.text('layout.view') }).getByRole('button', { name: next.text('layout.grid') })).toHaveAttribute('aria-pressed', 'true');
  } finally {
    await fresh.close();
  }
});
