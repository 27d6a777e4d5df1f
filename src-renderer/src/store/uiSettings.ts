/**
 * The person's UI settings (language, theme, layout) live with the app settings (ui in
 * app:settings), so Electron, the browser mode and a second window agree. localStorage keeps a
 * copy only to paint the first frame in the right language and theme before the answer comes.
 */
import type { UiSettings, UiSettingsPatch } from '@shared/settings';
import { api } from '../api/client';
import { setLanguageChoice } from '../i18n';
import { setThemeChoice } from '../theme';
import { useLayout } from './layout';

let pending: UiSettingsPatch = {};
let waiting: { resolve: () => void; reject: (err: unknown) => void }[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

/** Adopts the stored settings (at start): the cache is overwritten with what the app settings say. */
export function applyUiSettings(ui: UiSettings): void {
  setLanguageChoice(ui.language);
  setThemeChoice(ui.theme);
  useLayout.getState().adopt({ layout: ui.recordingsLayout, widths: { ...ui.columnWidths }, detailWidth: ui.detailWidth });
}

export async function loadUiSettings(): Promise<void> {
  try {
    applyUiSettings((await api['app:settings']({})).ui);
  } catch {
    // The first-paint copy stays in use; the next change is saved again.
  }
}

/**
 * Saves a change. Dragging a column sends many widths: they are gathered for a moment and sent
 * as one patch. Resolves when stored (Settings shows "Saved" then).
 */
export function saveUiSettings(patch: UiSettingsPatch, { now = false } = {}): Promise<void> {
  const widths = { ...pending.columnWidths, ...patch.columnWidths };
  pending = { ...pending, ...patch, ...(Object.keys(widths).length ? { columnWidths: widths } : {}) };
  clearTimeout(timer);
  const done = new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }));
  const send = () => {
    const body = pending;
    const these = waiting;
    pending = {};
    waiting = [];
    api['app:updateSettings']({ ui: body }).then(
      () => these.forEach((w) => w.resolve()),
      (err: unknown) => these.forEach((w) => w.reject(err)),
    );
  };
  if (now) send();
  else timer = setTimeout(send, 400);
  return done;
}
