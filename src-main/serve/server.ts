/**
 * `reclib serve`: the app in a browser on 127.0.0.1. The core runs in its own host process (the
 * same entry the desktop app starts); this server only relays the contract over HTTP (requests)
 * and a WebSocket (events), serves the built renderer, media, uploads and the folder picker, and
 * lets nobody in without this start's token.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { EVENT_NAMES } from '@shared/contract';
import type { Logger } from '../core/log/logger';
import { forkHost, HostClient } from '../host/client';
import type { HostOptions } from '../host/protocol';
import { hasToken, newToken, sameSite } from './auth';
import { defaultRoots } from './folders';
import { route, type Site } from './routes';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface ServeOptions {
  /** The library named by the person; null: the remembered one, else the default (created on the first run only). */
  library: string | null;
  /** 0 (the default): any free port. */
  port?: number;
  /** App-level settings and the upload staging area; ~/.config/Reclib (web) by default. */
  userData?: string;
  /** Folder for reclib.log; userData by default. */
  logDir?: string | null;
  /** Create the default library when nothing was named or ever opened (as the app does). */
  firstRunCreates?: boolean;
  rendererDir?: string;
  /** The folder picker's roots; home and mount places by default. */
  browseRoots?: string[];
  /** Extra environment for the host process. */
  hostEnv?: NodeJS.ProcessEnv;
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

/** Where the browser mode keeps app-level settings by default (Electron's userData in the app). */
export function webUserData(): string {
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'Reclib (web)');
}

function firstExisting(candidates: string[], probe: string): string | null {
  return candidates.find((c) => fs.existsSync(path.join(c, probe))) ?? null;
}

/** The built renderer: $RECLIB_RENDERER_DIR, out/renderer beside out/main in a build, or the repository's out/ from source. */
export function rendererDir(): string | null {
  if (process.env.RECLIB_RENDERER_DIR) return process.env.RECLIB_RENDERER_DIR;
  return firstExisting([path.resolve(here, '../renderer'), path.resolve(here, '../../renderer'), path.resolve(here, '../../out/renderer')], 'index.html');
}

function resourcesDir(): string {
  return firstExisting([path.resolve(here, '../../resources'), path.resolve(here, '../../../resources')], 'thumbnails') ?? path.resolve(here, '../../resources');
}

export async function startServer(opts: ServeOptions): Promise<Server> {
  const { log } = opts;
  const renderer = opts.rendererDir ?? rendererDir();
  if (!renderer || !fs.existsSync(path.join(renderer, 'index.html'))) {
    throw new Error(`The Reclib page is not built (${renderer ?? 'out/renderer'}/index.html is missing): run \`npm run build\` first.`);
  }
  const userData = opts.userData ?? webUserData();
  const staging = path.join(userData, 'uploads');
  const roots = opts.browseRoots ?? defaultRoots();
  const token = newToken();
  const hostOptions: HostOptions = {
    library: opts.library === null ? null : path.resolve(opts.library),
    userData,
    videosDir: path.join(os.homedir(), 'Videos'),
    logDir: opts.logDir === undefined ? userData : opts.logDir,
    resources: resourcesDir(),
    owner: 'Reclib in the browser (reclib serve)',
    firstRunCreates: opts.firstRunCreates ?? false,
  };
  const host = new HostClient(forkHost(hostOptions, { env: opts.hostEnv }));
  host.onExit(() => {
    if (host.died) log.error(host.deathMessage());
  });

  const site: Site = { host, renderer, token, port: 0, staging, roots };
  const server = http.createServer((req, res) => {
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
  const broadcast = (event: string, payload: unknown) => {
    const msg = JSON.stringify({ event, payload });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(msg);
  };
  const offs = EVENT_NAMES.map((event) => host.on(event, (payload) => broadcast(event, payload)));
  offs.push(host.onStatus((s) => broadcast('host:status', s)));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
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
