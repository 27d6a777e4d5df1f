/**
 * axe-core on every view and the main dialogs, in light and dark: no serious or critical
 * violation (issue 15). Runs in each project's language.
 */
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { importPaths } from '../src-main/core/import/importer';
import { Library } from '../src-main/core/catalog/library';
import { installDefaults } from '../src-main/core/templates/install';
import { saveTemplate } from '../src-main/core/templates/store';
import { changeTags } from '../src-main/core/metadata/metadata';
import { makeAudio, tools } from '../test/media';
import { expect, test as base } from './fixtures';
import { detailPanel, openView } from './support/flows';

/** A library with two recordings, one of them in the trash, so lists, the trash and the detail panel have content (a description from a template, tags). */
const test = base.extend<{ library: string }>({
  library: async ({ library }, use) => {
    const src = path.join(path.dirname(library), 'src');
    makeAudio(path.join(src, 'Доступность 1.wav'), 1);
    makeAudio(path.join(src, 'Доступность 2.wav'), 1.4);
    const lib = Library.open(library, { create: false, writer: 'e2e setup', onCreate: installDefaults });
    try {
      // A template with a description pattern (the detail panel says where the description came
      // from) and tags on the recording that stays in the list (its row shows chips and "+1").
      saveTemplate(lib, { name: 'Доступность', rules: { keywords: ['доступность'] }, processing: { descriptionPattern: '{template}: {name}, {date}' } });
      const rep = await importPaths(lib, [src], { profileId: 1, move: false, force: false, tools });
      const second = rep.imported.find((r) => r.source.endsWith('Доступность 2.wav'));
      if (second) changeTags(lib, [second.id], { add: ['Лекция', 'Физика', 'Экзамен', 'Весна'] });
    } finally {
      lib.close();
    }
    await use(library);
  },
});

async function seriousViolations(page: Page, where: string): Promise<string[]> {
  const res = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

const VIEWS = ['recordings', 'templates', 'storage', 'cleanup', 'trash', 'migrate', 'jobs', 'settings'] as const;

for (const theme of ['light', 'dark'] as const) {
  test(`every view and the main dialogs have no serious or critical axe violation (${theme})`, async ({ app, ui }) => {
    // A dozen full axe runs on a busy machine: the time goes to axe, not to waiting.
    test.setTimeout(360_000);
    const { page } = app;
    await page.emulateMedia({ colorScheme: theme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await expect(page.locator('.tbody').getByText('Доступность 1')).toBeVisible();
    await expect(page.locator('.tbody .row-tag')).toHaveCount(3);
    const problems: string[] = [];

    // The grid of posters, with its tag chips.
    const layout = page.getByRole('group', { name: ui.text('layout.view') });
    await layout.getByRole('button', { name: ui.text('layout.grid') }).click();
    await expect(page.locator('.grid-card .row-tag')).toHaveCount(3);
    problems.push(...(await seriousViolations(page, 'recordings grid')));
    await layout.getByRole('button', { name: ui.text('layout.table') }).click();

    // The detail panel open beside the table.
    await page.locator('.tbody').getByText('Доступность 1').click();
    await expect(detailPanel(page, ui)).toBeVisible();
    await expect(detailPanel(page, ui).locator('[data-setting="description"]')).toBeVisible();
    problems.push(...(await seriousViolations(page, 'recordings + detail')));

    // Import and the shortcuts dialogs.
    await page.getByRole('button', { name: ui.text('recordings.import') }).click();
    await expect(page.getByRole('dialog', { name: ui.text('import.title') })).toBeVisible();
    problems.push(...(await seriousViolations(page, 'import dialog')));
    await page.keyboard.press('Escape');
    await page.locator('.tbody').getByText('Доступность 1').click();
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: ui.text('keys.title') })).toBeVisible();
    problems.push(...(await seriousViolations(page, 'shortcuts dialog')));
    await page.keyboard.press('Escape');

    // A delete leaves a toast with Undo; a recording in the trash fills the Trash view.
    await detailPanel(page, ui).getByRole('button', { name: ui.text('detail.delete') }).click();
    await expect(page.locator('.toast')).toBeVisible();
    problems.push(...(await seriousViolations(page, 'toast')));

    for (const view of VIEWS) {
      await openView(page, ui, view);
      await expect(page.getByRole('heading', { level: 1, name: ui.text(`${view}.title`) })).toBeVisible();
      problems.push(...(await seriousViolations(page, view)));
    }
    expect(problems).toEqual([]);
  });
}
