/**
 * Metadata people add (issue 16): describe and tag a recording in the detail panel, tag two from
 * the selection, see the tags as chips in the rows (table and grid) and search by clicking one,
 * find them by the search box; and the "Expiring soon" filter shows only the one
 * that expires within the days asked for.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeVideo } from '../test/media';
import { expect, test } from './fixtures';
import { CELL, detailPanel, importPaths } from './support/flows';

const names = ['Лекция по физике', 'Семинар «Оптика»', 'Планёрка отдела'] as const;

test('description and tags in the detail panel and for a selection; the search finds them; Expiring soon shows only the expiring one', async ({ app, ui, library }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-meta-'));
  try {
    await importPaths(
      page,
      ui,
      names.map((n, i) => makeVideo(path.join(dir, `${n}.mp4`), { seconds: 1 + i })),
    );
    // The Recordings table's rows (the detail panel's file list is a table too).
    const table = page.getByRole('table', { name: ui.text('recordings.table') });
    const rows = table.getByRole('row').filter({ has: page.getByRole(CELL) });
    await expect(rows).toHaveCount(3);
    const [lecture, seminar, meeting] = names;
    const search = page.getByRole('searchbox', { name: ui.text('recordings.search') });
    const shown = async (expected: readonly string[]) => {
      await expect(rows).toHaveCount(expected.length);
      for (const n of expected) await expect(table.getByRole(CELL, { name: n, exact: true })).toBeVisible();
    };

    // The detail panel: a description and two tags (the second differs only in case: one tag).
    await page.getByRole('cell', { name: meeting, exact: true }).click();
    const detail = detailPanel(page, ui);
    const meta = detail.getByRole('region', { name: ui.text('metadata.label') });
    await meta.getByLabel(ui.text('metadata.description')).fill('Итоги квартала и ПЛАНЫ на весну');
    await meta.getByRole('button', { name: ui.text('metadata.saveDescription') }).click();
    await expect(meta.getByRole('status')).toHaveText(ui.text('metadata.descriptionSaved'));
    await meta.getByLabel(ui.text('metadata.newTags')).fill('Отчёт, отчёт, бюджет');
    await meta.getByRole('button', { name: ui.text('metadata.addTags') }).click();
    const tagList = meta.getByRole('list', { name: ui.text('metadata.tags') });
    await expect(tagList.locator('.tag-name')).toHaveText(['Отчёт', 'бюджет']);
    await meta.getByRole('button', { name: ui.text('metadata.removeTag', { tag: 'бюджет' }) }).click();
    await expect(tagList.locator('.tag-name')).toHaveText(['Отчёт']);

    // Two from the selection: Tags… adds "лекция" to both.
    for (const n of [lecture, seminar]) await page.getByRole('checkbox', { name: ui.text('recordings.select', { name: n }) }).check();
    await page.getByRole('region', { name: ui.text('selection.label') }).getByRole('button', { name: ui.text('metadata.tagsOpen') }).click();
    const dialog = page.getByRole('dialog', { name: ui.text('metadata.tagsTitle', { count: 2 }) });
    await dialog.getByLabel(ui.text('metadata.tagsAdd')).fill('Курс, Физика, Оптика, Весна');
    await dialog.getByRole('button', { name: ui.text('metadata.apply') }).click();
    await expect(dialog.getByRole('status')).toHaveText(ui.text('metadata.applied', { count: 2 }));
    await dialog.press('Escape');
    await expect(dialog).toBeHidden();
    await page.getByRole('region', { name: ui.text('selection.label') }).getByRole('button', { name: ui.text('selection.clear') }).click();

    // The rows show their tags as chips (three, then "+N"); a chip searches "#tag" in tags only.
    const rowOf = (name: string) => rows.filter({ has: page.getByRole(CELL, { name, exact: true }) });
    const chip = (tag: string) => page.getByRole('button', { name: ui.text('tagChips.search', { tag }), exact: true });
    await expect(rowOf(meeting).getByRole('button', { name: ui.text('tagChips.search', { tag: 'Отчёт' }) })).toHaveText('#Отчёт');
    await expect(rowOf(lecture).locator('.row-tag')).toHaveText(['#Курс', '#Физика', '#Оптика']);
    await expect(rowOf(lecture).locator('.row-tag-more')).toHaveText(ui.text('tagChips.more', { n: 1 }));
    await rowOf(seminar).locator('.row-tag', { hasText: '#Физика' }).click();
    await expect(search).toHaveValue('#Физика');
    await shown([lecture, seminar]);
    // The chip's click is the search's, not the row's: no recording opened in its place.
    await expect(detailPanel(page, ui).getByRole('heading', { name: meeting })).toBeVisible();
    await search.fill('');
    await shown(names);
    // The same in the grid of posters.
    const layoutToggle = page.getByRole('group', { name: ui.text('layout.view') });
    await layoutToggle.getByRole('button', { name: ui.text('layout.grid') }).click();
    const grid = page.getByRole('list', { name: ui.text('layout.gridLabel') });
    await expect(grid.getByRole('listitem', { name: meeting }).locator('.row-tag')).toHaveText(['#Отчёт']);
    await grid.getByRole('listitem', { name: lecture }).getByRole('button', { name: ui.text('tagChips.search', { tag: 'Курс' }) }).click();
    await expect(search).toHaveValue('#Курс');
    await expect(grid.getByRole('listitem')).toHaveCount(2);
    await expect(chip('Отчёт')).toHaveCount(0);
    await layoutToggle.getByRole('button', { name: ui.text('layout.table') }).click();
    await shown([lecture, seminar]);
    await search.fill('');
    await shown(names);

    // The search box finds by tag (any case, "#tag" in tags only) and by description.
    await search.fill('#курс');
    await shown([lecture, seminar]);
    await search.fill('ПЛАНЫ');
    await shown([meeting]);
    await search.fill('отчёт');
    await shown([meeting]);
    // ё and е are one letter, in names and tags alike, typed either way.
    await search.fill('#отчет');
    await shown([meeting]);
    await search.fill('планерка');
    await shown([meeting]);
    await search.fill('');
    await shown(names);

    // Expiring soon: only the one set to expire in 3 days shows (the others never or in 30 days).
    const setExpiry = async (name: string, days: number | 'never') => {
      await page.getByRole('checkbox', { name: ui.text('recordings.select', { name }) }).check();
      await page.getByRole('region', { name: ui.text('selection.label') }).getByRole('button', { name: ui.text('expiryDialog.open') }).click();
      const d = page.getByRole('dialog', { name: ui.text('expiryDialog.title', { count: 1 }) });
      if (days === 'never') await d.getByRole('radio', { name: ui.text('expiryDialog.never') }).check();
      else await d.getByLabel(ui.text('expiryDialog.daysCount')).fill(String(days));
      await d.getByRole('button', { name: ui.text('expiryDialog.save') }).click();
      await expect(d.getByRole('status')).toHaveText(ui.text('expiryDialog.saved', { count: 1 }));
      await d.press('Escape');
      await expect(d).toBeHidden();
      await page.getByRole('region', { name: ui.text('selection.label') }).getByRole('button', { name: ui.text('selection.clear') }).click();
    };
    await setExpiry(seminar, 3);
    await setExpiry(lecture, 30);
    await setExpiry(meeting, 'never');
    await page.getByRole('checkbox', { name: ui.text('metadata.expiringSoon') }).check();
    await expect(page.getByRole('spinbutton', { name: ui.text('metadata.expiringDays') })).toHaveValue('7');
    await shown([seminar]);
    await page.getByRole('spinbutton', { name: ui.text('metadata.expiringDays') }).fill('31');
    await shown([lecture, seminar]);
    await page.getByRole('checkbox', { name: ui.text('metadata.expiringSoon') }).uncheck();
    await shown(names);

    // What the catalog holds: NFC tags, one per recording and case.
    const db = new Database(path.join(library, 'catalog.db'), { readonly: true });
    try {
      const tags = db.prepare('SELECT r.display_name AS n, t.tag FROM recording_tags t JOIN recordings r ON r.id = t.recording_id ORDER BY t.rowid').all();
      expect(tags).toEqual([
        { n: meeting, tag: 'Отчёт' },
        { n: lecture, tag: 'Курс' },
        { n: lecture, tag: 'Физика' },
        { n: lecture, tag: 'Оптика' },
        { n: lecture, tag: 'Весна' },
        { n: seminar, tag: 'Курс' },
        { n: seminar, tag: 'Физика' },
        { n: seminar, tag: 'Оптика' },
        { n: seminar, tag: 'Весна' },
      ]);
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a description typed but not saved is still there after opening another recording, and after a reload', async ({ app, ui }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-draft-'));
  try {
    await importPaths(page, ui, [makeVideo(path.join(dir, 'Черновик А.mp4'), { seconds: 1 }), makeVideo(path.join(dir, 'Черновик Б.mp4'), { seconds: 2 })]);
    const detail = detailPanel(page, ui);
    const description = () => detail.getByRole('region', { name: ui.text('metadata.label') }).getByRole('textbox', { name: ui.text('metadata.description') });
    const save = () => detail.getByRole('button', { name: ui.text('metadata.saveDescription') });
    await page.getByRole('cell', { name: 'Черновик А', exact: true }).click();
    await description().fill('Обсудили бюджет, не сохранено');
    await page.getByRole('cell', { name: 'Черновик Б', exact: true }).click();
    await expect(detail.getByRole('heading', { name: 'Черновик Б' })).toBeVisible();
    await expect(description()).toHaveValue('');
    await page.getByRole('cell', { name: 'Черновик А', exact: true }).click();
    await expect(description()).toHaveValue('Обсудили бюджет, не сохранено');
    await expect(save()).toBeEnabled();
    await page.reload();
    await page.getByRole('cell', { name: 'Черновик А', exact: true }).click();
    await expect(description()).toHaveValue('Обсудили бюджет, не сохранено');
    // Saved, the draft is gone: the field shows the description, with nothing left to save.
    await save().click();
    await expect(save()).toBeDisabled();
    await page.getByRole('cell', { name: 'Черновик Б', exact: true }).click();
    await page.getByRole('cell', { name: 'Черновик А', exact: true }).click();
    await expect(description()).toHaveValue('Обсудили бюджет, не сохранено');
    await expect(save()).toBeDisabled();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
