/**
 * Sends changes of the UI settings to the app settings. Apart from uiSettings.ts (which adopts the
 * stored settings into the layout store) because the layout store saves through it.
 */
import type { UiSettingsPatch } from '@shared/settings';
import { api } from '../api/client';

let pending: UiSettingsPatch = {};
let waiting: { resolve: () => void; reject: (err: unknown) => void }[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

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
