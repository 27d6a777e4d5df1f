/**
 * Binds the contract to ipcMain: one handler per channel, each checking that the call comes from
 * our own window's main frame and validating the payload before core sees it.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES } from '@shared/contract';
import type { AppCore, Platform } from '@core/services/app';
import type { Logger } from './core/log/logger';
import type { AppSettingsStore } from './core/settings/app-settings';
import { dispatch } from './handlers/dispatch';

export function isTrustedSender(event: IpcMainInvokeEvent, rendererUrl: string): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false; // only the top frame, never an iframe
  const win = BrowserWindow.fromWebContents(event.sender);
  if (!win) return false;
  return frame.url.startsWith(rendererUrl);
}

export function bindIpc(app: AppCore, platform: Platform, appSettings: AppSettingsStore, log: Logger, rendererUrl: string): () => void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(name, async (event, payload: unknown) => {
      if (!isTrustedSender(event, rendererUrl)) {
        log.warn('refused IPC from an untrusted frame', { channel: name, url: event.senderFrame?.url ?? null });
        return { ok: false, error: { message: 'refused: untrusted sender', code: 'EUNTRUSTED' } };
      }
      return dispatch(name, payload, { app, platform, appSettings, log });
    });
  }
  const offs = EVENT_NAMES.map((eventName) =>
    app.events.on(eventName, (payload) => {
      for (const win of BrowserWindow.getAllWindows()) win.webContents.send(eventName, payload);
    }),
  );
  return () => {
    for (const name of CHANNEL_NAMES) ipcMain.removeHandler(name);
    offs.forEach((off) => off());
  };
}
