/**
 * `reclib serve`: the app in a browser on 127.0.0.1. The core runs in its own host process (the
 * same entry the desktop app starts); this server only relays the contract over HTTP (requests)
 * and a WebSocket (events), serves the built renderer, media, uploads and the folder picker, and
 * lets nobody in without this start's token.
 */
import fs from 'node:fs';
import type http from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import { EVENT_NAMES } from '@shared/channel-names';
import type { Logger } from '../core/log/logger';
import type { HostClient } from '../host/client';
import { hasToken, newToken, sameSite } from './auth';
import { defaultRoots } from './folders';
import { requireRenderer, type ServeHostOptions, startServeHost, webUserData } from './host-start';
import { route, type Site } from './routes';

export { rendererDir, webUserData } from './host-start';

// Required, not imported: an ESM import of node:http builds its module facade, which reads every
// export, and http's WebSocket getter then loads undici (~70 ms of CPU at every `reclib serve`).
const { createServer } = createRequire(import.meta.url)('node:http') as typeof http;

export interface ServeOptions extends ServeHostOptions {
  /** 0 (the default): any free port. */
  port?: number;
  rendererDir?: string;
  /** The folder picker's roots; home and mount places by default. */
  browseRoots?: string[];
  /** The host, when the caller started it already (startServeHost with these options); started here otherwise. */
  host?: HostClient;
  log: Logger;
}

export interface Server {
  /** The address to open: http://127.0.0.1:N/?token=... */
  url: string;
  /** http://127.0.0.1:N */
  origin: string;
  token: string;
  host: HostClient;
  close(): Promise<void>;
}

export async function startServer(opts: ServeOptions): Promise<Server> {
  const { log } = opts;
  const renderer = requireRenderer(opts.rendererDir ?? undefined);
  const userData = opts.userData ?? webUserData();
  const staging = path.join(userData, 'uploads');
  const roots = opts.browseRoots ?? defaultRoots();
  const token = newToken();
  const host = opts.host ?? startServeHost(opts);
  host.onExit(() => {
    if (host.died) log.error(host.deathMessage());
  });

  const site: Site = { host, renderer, token, port: 0, staging, roots };
  const server = createServer((req, res) => {
    void route(site, req, res).catch((err: unknown) => {
      log.error('browser-mode request failed', { url: (req.url ?? '').replace(/token=[^&]*/, 'token=…'), error: String(err) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(err));
    });
  });

  const wss = new WebSocketServer({
    server,
    path: '/events',
    verifyClient: ({ req }: { req: http.IncomingMessage }) => sameSite(req, site.port) && hasToken(req, new URL(req.url ?? '/', 'http://reclib.invalid'), token, site.port, { query: true }),
  });
  // Every message says how many library changes the host has reported so far; a page that opens
  // its stream (or opens it again) after a change it never heard asks afresh (web-bridge.ts).
  const message = (event: string, payload: unknown) => JSON.stringify({ event, payload, changes: host.changes });
  const broadcast = (event: string, payload: unknown) => {
    const msg = message(event, payload);
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(msg);
  };
  wss.on('connection', (client) => client.send(message('hello', null)));
  const offs = EVENT_NAMES.map((event) => host.on(event, (payload) => broadcast(event, payload)));
  offs.push(host.onStatus((s) => broadcast('host:status', s)));

  // ws re-emits the server's errors: the listen below reports its own, later ones are logged.
  wss.on('error', (err) => log.warn('browser-mode server error', { error: String(err) }));
  const listenError = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    server.once('error', resolve);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', resolve);
      resolve(null);
    });
  });
  if (listenError) {
    wss.close();
    offs.forEach((off) => off());
    // A host started here goes with the server; one passed in is its caller's to stop.
    if (!opts.host) await host.stop(15_000);
    const code = listenError.code;
    if (code === 'EADDRINUSE') throw new Error(`Port ${opts.port} on 127.0.0.1 is in use (another Reclib or another program): choose another with --port, or leave --port out for a free one.`);
    if (code === 'EACCES') throw new Error(`Port ${opts.port} may not be used by this user: choose one above 1023, or leave --port out for a free one.`);
    throw listenError;
  }
  site.port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${site.port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    host,
    close: async () => {
      offs.forEach((off) => off());
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Jobs are cancelled and undo themselves; a host that does not finish in time is ended (the journal resumes it).
      await host.stop(15_000);
      await fs.promises.rm(staging, { recursive: true, force: true });
    },
  };
}
