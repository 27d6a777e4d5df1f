/**
 * The person's UI settings (language, theme, layout) live with the app settings (ui in
 * app:settings), so Electron, the browser mode and a second window agree. localStorage keeps a
 * copy only to paint the first frame in the right language and theme before the answer comes.
 */
import type { UiSettings } from '@shared/settings';
import { api } from '../api/client';
import { peekValue } from '../api/first-screen';
import { setLanguageChoice } from '../i18n';
import { setThemeChoice } from '../theme';
import { useLayout } from './layout';

/** Adopts the stored settings (at start): the cache is overwritten with what the app settings say. */
export function applyUiSettings(ui: UiSettings): void {
  setLanguageChoice(ui.language);
  setThemeChoice(ui.theme);
  useLayout.getState().adopt({ layout: ui.recordingsLayout, widths: { ...ui.columnWidths }, detailWidth: ui.detailWidth });
}

let carried = false;

/** Adopts the settings the page carried (reclib serve), before the first render: it paints in the stored language, theme and layout. */
export function adoptCarriedUiSettings(): void {
  const settings = peekValue('app:settings', {});
  if (!settings) return;
  applyUiSettings(settings.ui);
  carried = true;
}

export async function loadUiSettings(): Promise<void> {
  // The start's load is the answer the page carried, adopted already.
  if (carried) {
    carried = false;
    return;
  }
  try {
    applyUiSettings((await api['app:settings']({})).ui);
  } catch {
    // The first-paint copy stays in use; the next change is saved again.
  }
}
