/**
 * Number settings say what is wrong in words, at the field, before anything is sent; a value the
 * core refuses anyway is said as a sentence, never as zod's issue JSON.
 */
import { expect, test } from './fixtures';
import { openView } from './support/flows';

test('a number setting out of range is explained at the field, not sent, and the message goes once a valid value is entered', async ({ app, ui }) => {
  const { page } = app;
  await openView(page, ui, 'settings');
  const field = page.getByLabel(ui.text('settings.retention'));
  const problem = page.getByText(ui.text('settings.invalidWhole', { min: 0, max: 3650 }));

  await field.fill('-5');
  await field.press('Enter');
  await expect(problem).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.banner.error')).toHaveCount(0);
  await expect(page.getByText('too_small')).toHaveCount(0);

  // A fraction of a day is not a whole number either; the other number fields check the same way.
  await field.fill('1.5');
  await field.press('Enter');
  await expect(problem).toBeVisible();
  const concurrency = page.getByLabel(ui.text('settings.concurrency'));
  await concurrency.fill('9');
  await concurrency.press('Enter');
  await expect(page.getByText(ui.text('settings.invalidWhole', { min: 1, max: 4 }))).toBeVisible();
  await concurrency.fill('1');
  await concurrency.press('Enter');
  await expect(page.getByText(ui.text('settings.invalidWhole', { min: 1, max: 4 }))).toBeHidden();

  // The value already stored is valid too: the message goes even though nothing needs saving.
  await field.fill('30');
  await field.press('Enter');
  await expect(problem).toBeHidden();
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
  await field.fill('45');
  await field.press('Enter');
  await expect(page.locator('label', { has: field }).getByRole('status')).toContainText(ui.text('settings.saved'));
  await expect(page.locator('.banner.error')).toHaveCount(0);

  // 0 days is allowed, and said for what it is: the trash is emptied at its next daily cleanup.
  const zero = page.getByRole('note').filter({ hasText: ui.text('settings.retentionZero') });
  await expect(zero).toHaveCount(0);
  await field.fill('0');
  await field.press('Enter');
  await expect(zero).toBeVisible();
  await field.fill('7');
  await field.press('Enter');
  await expect(zero).toHaveCount(0);
});

test('a value the core refuses is said in a sentence, never as zod issue JSON, and the banner goes after a valid save', async ({ app, ui }) => {
  const { page } = app;
  test.skip(app.host !== 'web', 'the refusal is staged by intercepting the HTTP request');
  await openView(page, ui, 'settings');
  const field = page.getByLabel(ui.text('settings.retention'));
  const zodJson = JSON.stringify([{ origin: 'number', code: 'too_small', minimum: 0, inclusive: true, path: ['retentionDays'], message: 'Too small: expected number to be >=0' }], null, 2);
  await page.route('**/api/settings%3Aupdate', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { message: zodJson, code: 'ZodError' } }) }));
  await field.fill('40');
  await field.press('Enter');
  const banner = page.locator('.banner.error');
  await expect(banner).toHaveText(ui.text('validation.tooSmall', { minimum: 0 }));
  await expect(banner).not.toContainText('too_small');

  await page.unroute('**/api/settings%3Aupdate');
  await field.fill('41');
  await field.press('Enter');
  await expect(banner).toHaveCount(0);
});

test('a profile limit takes a decimal comma or point, and spaces, in either language', async ({ app, ui }) => {
  const { page } = app;
  await openView(page, ui, 'settings');
  const limit = () => page.getByLabel(ui.text('profiles.limit', { id: 1 }));
  const save = page.getByRole('button', { name: ui.text('profiles.save') }).first();
  const cases: [string, number][] = [
    ['0,5', 0.5],
    ['0.25', 0.25],
    [' 1 000,5 ', 1000.5],
  ];
  const written = (gb: number) => String(gb).replace('.', ui.lng === 'ru' ? ',' : '.');
  for (const [typed, gb] of cases) {
    await limit().fill(typed);
    // The row is drawn again from the list the save reloads; typing before that would go into the
    // old row (the typed value alone would also satisfy the check below before the save landed).
    const reloaded = page.waitForResponse((r) => r.url().includes(`/api/${encodeURIComponent('profiles:list')}`));
    await save.click();
    await reloaded;
    // Saved: the row comes back with the stored limit, written the way the page's language writes it.
    await expect(limit()).toHaveValue(written(gb));
    await expect(page.getByText(ui.text('profiles.badLimit'))).toHaveCount(0);
  }
  await limit().fill('много');
  await save.click();
  await expect(page.getByText(ui.text('profiles.badLimit'))).toBeVisible();
});
