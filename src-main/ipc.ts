/**
 * Relays the contract between the window and the core host: one ipcMain handler per channel, each
 * checking that the call comes from our own page's top frame (parsed protocol and host, never a
 * string prefix), and the host's events to every window. No request is answered here.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { Envelope } from '@shared/channel';
import { CHANNEL_NAMES, EVENT_NAMES } from '@shared/contract';
import type { Logger } from './core/log/logger';
import type { HostClient } from './host/client';
import { isTrustedUrl, type RendererSource } from './shell/decisions';

export function isTrustedSender(event: IpcMainInvokeEvent, source: RendererSource): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false; // only the top frame, never an iframe
  if (!BrowserWindow.fromWebContents(event.sender)) return false;
  return isTrustedUrl(frame.url, source);
}

/** `onReply` sees every reply on its way back (the shell follows the theme in it). */
export function bindIpc(host: HostClient, source: RendererSource, log: Logger, onReply?: (channel: string, envelope: Envelope<unknown>) => void): () => void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(name, async (event, payload: unknown) => {
      if (!isTrustedSender(event, source)) {
        log.warn('refused IPC from an untrusted frame', { channel: name, url: event.senderFrame?.url ?? null });
        return { ok: false, error: { message: 'refused: untrusted sender', code: 'EUNTRUSTED' } };
      }
      const envelope = await host.request(name, payload);
      onReply?.(name, envelope);
      return envelope;
    });
  }
  const offs = EVENT_NAMES.map((eventName) =>
    host.on(eventName, (payload) => {
      for (const win of BrowserWindow.getAllWindows()) if (!win.isDestroyed()) win.webContents.send(eventName, payload);
    }),
  );
  return () => {
    for (const name of CHANNEL_NAMES) ipcMain.removeHandler(name);
    offs.forEach((off) => off());
  };
}
