/**
 * What fits where it is shown, checked by layout (sizes the browser computed), in both languages.
 * A narrow window (half a laptop screen, a phone-sized browser): every view fits its width, the
 * sidebar is a rail whose buttons keep their names, and the detail panel lies inside the window.
 * The grid of posters: a long name shows whole (up to three lines), inside its card.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { VIEW_NAV } from '../src-shared/views';
import { makeVideo } from '../test/media';
import { expect, test } from './fixtures';
import { detailPanel, importPaths } from './support/flows';

/** What spills out sideways: the page itself, and the open view (whose own scroller would hide it). */
const overflow = (page: Page) =>
  page.evaluate(() => {
    const view = document.querySelector<HTMLElement>('.view');
    return { page: document.documentElement.scrollWidth - window.innerWidth, view: view ? view.scrollWidth - view.clientWidth : null };
  });

test('in a narrow window every view fits, the sidebar keeps its names, and the detail panel stays inside', async ({ app, ui }) => {
  test.setTimeout(180_000);
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-narrow-'));
  try {
    const files = ['Лекция 1 — Введение в машинное обучение, часть первая.webm', 'Weekly sync.webm'].map((n) => makeVideo(path.join(dir, n), { seconds: 2, codec: 'vp9' }));
    await importPaths(page, ui, files);
    const nav = page.getByRole('navigation', { name: ui.text('nav.label') });
    for (const width of [390, 700]) {
      await page.setViewportSize({ width, height: 800 });
      expect((await nav.boundingBox())!.width, `the sidebar at ${width} px`).toBeLessThan(80);
      for (const v of VIEW_NAV) {
        await nav.getByRole('button', { name: ui.text(`nav.${v.id}`) }).click();
        await expect(page.locator('.view')).toBeVisible();
        await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
        expect.soft(await overflow(page), `${v.id} at ${width} px`).toEqual({ page: 0, view: 0 });
      }
      await nav.getByRole('button', { name: ui.text('nav.recordings') }).click();
      await page.getByRole('cell', { name: 'Weekly sync', exact: true }).click();
      const box = (await detailPanel(page, ui).boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(width);
      expect(box.width, 'the panel is not squeezed').toBeGreaterThan(Math.min(300, width - 100));
      await detailPanel(page, ui).getByRole('button', { name: ui.text('detail.close') }).click();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a grid card shows a long name whole, on up to three lines, inside the card', async ({ app, ui }) => {
  const { page } = app;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-e2e-grid-'));
  try {
    const names = ['Лекция 1 — Введение в машинное обучение, часть 1', 'Лекция 1 — Введение в машинное обучение, часть 2'];
    await importPaths(page, ui, names.map((n) => makeVideo(path.join(dir, `${n}.webm`), { seconds: 2, codec: 'vp9' })));
    await page.getByRole('group', { name: ui.text('layout.view') }).getByRole('button', { name: ui.text('layout.grid') }).click();
    for (const name of names) {
      const card = page.getByRole('listitem', { name, exact: true });
      await expect(card).toBeVisible();
      const fit = await card.evaluate((el) => {
        const nameEl = el.querySelector<HTMLElement>('.grid-name')!;
        const lines = Math.round(nameEl.clientHeight / parseFloat(getComputedStyle(nameEl).lineHeight));
        return { lines, nameCut: nameEl.scrollHeight > nameEl.clientHeight + 1, cardSpills: el.scrollHeight > el.clientHeight + 1 };
      });
      expect(fit.lines, name).toBeGreaterThan(1);
      expect({ ...fit, lines: undefined }, name).toEqual({ lines: undefined, nameCut: false, cardSpills: false });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
