/**
 * The profile a new library starts with is stored as "Default" (catalog/library.ts, the CLI prints
 * it so); the app says its name in the person's language until the person renames it, and saving
 * its limit keeps the stored name.
 */
import { currentHarness } from './harness/harness';
import { expect, test } from './fixtures';
import { openView } from './support/flows';

test('the default profile is named in the person’s language, and saving its limit keeps the stored name', async ({ app, ui }) => {
  test.skip(app.host !== 'web', 'the stored name is read through the web harness host');
  const { page } = app;
  await openView(page, ui, 'storage');
  await expect(page.getByTestId('profile-usage-1').getByRole('heading', { level: 2 })).toHaveText(ui.text('profiles.defaultName'));
  await openView(page, ui, 'settings');
  const name = page.getByLabel(ui.text('profiles.name', { id: 1 }));
  await expect(name).toHaveValue(ui.text('profiles.defaultName'));
  await page.getByLabel(ui.text('profiles.limit', { id: 1 })).fill('2');
  await name.locator('xpath=..').getByRole('button', { name: ui.text('profiles.save') }).click();
  await expect.poll(async () => ((await currentHarness().host.request('profiles:list', {})) as { value: { id: number; name: string; quotaBytes: number | null }[] }).value[0]).toMatchObject({ name: 'Default', quotaBytes: 2_000_000_000 });
  // A name the person gives is theirs, in any language.
  await name.fill('Лекции');
  await name.locator('xpath=..').getByRole('button', { name: ui.text('profiles.save') }).click();
  await expect.poll(async () => ((await currentHarness().host.request('profiles:list', {})) as { value: { name: string }[] }).value[0]?.name).toBe('Лекции');
});
