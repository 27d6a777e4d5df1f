/**
 * Exposes exactly the contract's channels to the renderer, as one typed object, plus event
 * subscription for the contract's events. Nothing else of Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent, webUtils } from 'electron';
import type { Envelope } from '@shared/channel';
import { CHANNEL_NAMES, EVENT_NAMES } from '@shared/channel-names';
import type { EventName } from '@shared/contract';
import type { PreloadBridge } from '@shared/bridge';

const invoke = Object.fromEntries(
  CHANNEL_NAMES.map((name) => [name, (request: unknown) => ipcRenderer.invoke(name, request) as Promise<Envelope<unknown>>]),
);

const bridge: PreloadBridge = {
  invoke: invoke as PreloadBridge['invoke'],
  on(event, listener) {
    if (!(EVENT_NAMES as readonly string[]).includes(event as EventName)) throw new Error(`unknown event ${String(event)}`);
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload as never);
    ipcRenderer.on(event, wrapped);
    return () => ipcRenderer.off(event, wrapped);
  },
  mediaBase: 'reclib-media://media',
  /** Dropped files' real paths; the page itself cannot see them. */
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld('reclib', bridge);
