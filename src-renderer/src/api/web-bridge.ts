/**
 * The bridge used when the renderer runs in a plain browser against the web harness: the same
 * contract over HTTP (requests) and a WebSocket (events).
 */
import i18next from 'i18next';
import type { PreloadBridge } from '@shared/bridge';
import type { Envelope } from '@shared/channel';
import { CHANNEL_NAMES } from '@shared/channel-names';
import type { EventName } from '@shared/contract';
import { carriedChanges, dropAnswers, takeAnswer } from './first-screen';

export function createWebBridge(base = ''): PreloadBridge {
  // `reclib serve` traded the printed ?token= for a cookie with this page: keep it out of history.
  const here = new URL(window.location.href);
  if (here.searchParams.has('token')) {
    here.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', here.pathname + here.search + here.hash);
  }
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let socket: WebSocket | null = null;
  // The host's count of library changes this page has seen; null: its first answers were its own
  // requests, which may have crossed a change, so the first hello refreshes.
  let seen = carriedChanges();
  const connect = () => {
    const url = new URL(`${base}/events`, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onmessage = (msg) => {
      const { event, payload, changes } = JSON.parse(String(msg.data)) as { event: string; payload: unknown; changes?: number };
      if (event === 'hello') {
        // Changes made before this stream opened (the startup scan, or while it was away) were never heard.
        if (seen !== changes) {
          dropAnswers(); // the page's carried answers are older than that change
          listeners.get('library:changed')?.forEach((l) => l({ reason: 'missed' }));
        }
        seen = changes ?? null;
        return;
      }
      if (changes !== undefined) seen = changes;
      listeners.get(event)?.forEach((l) => l(payload));
    };
    socket.onclose = () => setTimeout(connect, 1000);
  };
  connect();

  const invoke = Object.fromEntries(
    CHANNEL_NAMES.map((name) => [
      name,
      async (request: unknown): Promise<Envelope<unknown>> => {
        // The page's own answer to the first screen's request (reclib serve writes them in), once.
        const carried = takeAnswer(name, request);
        if (carried) return carried;
        try {
          const res = await fetch(`${base}/api/${encodeURIComponent(name)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(request ?? {}),
          });
          return (await res.json()) as Envelope<unknown>;
        } catch (err) {
          return { ok: false, error: { message: i18next.t('common.serverUnreachable', { detail: String(err) }), code: 'ENET' } };
        }
      },
    ]),
  ) as PreloadBridge['invoke'];

  return {
    invoke,
    on(event: EventName, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
    mediaBase: `${base}/media`,
    pathForFile: () => null,
  };
}
