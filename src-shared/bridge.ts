import type { Envelope } from './channel';
import type { ChannelName, EventName, EventPayload, RequestOf, ResponseOf } from './contract';

/** What the preload puts on window.reclib; the web harness client implements the same shape. */
export interface PreloadBridge {
  invoke: { [C in ChannelName]: (request: RequestOf<C>) => Promise<Envelope<ResponseOf<C>>> };
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Base URL of the media route: reclib-media:// in Electron, /media over HTTP in the harness. */
  mediaBase: string;
  pathForFile(file: File): string | null;
}
