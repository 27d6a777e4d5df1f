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
import { EVENT_NAMES } from '../../src-shared/contract';
import type { Logger } from '../core/log/logger';
import { forkHost, HostClient } from '../host/client';
import type { HostOptions } from '../host/protocol';
import { hasToken, newToken, sameSite, tokenCookie } from './auth';
import { defaultRoots, FolderError, listFolders } from './folders';
import { receiveUpload, UploadError } from './upload';

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

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

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

function csp(port: number): string {
  // connect-src names our own event socket exactly: no ws: wildcard.
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const NO_TOKEN_PAGE = `<!doctype html><meta charset="utf-8"><title>Reclib</title>
<body style="font:16px system-ui;max-width:40em;margin:4em auto">
<h1>Open Reclib with its address</h1>
<p>This Reclib server lets in only the address it printed when it started (it ends with <code>?token=…</code>). Copy that whole address from the terminal where Reclib runs and open it.</p>`;

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

  let port = 0;
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      log.error('browser-mode request failed', { url: (req.url ?? '').replace(/token=[^&]*/, 'token=…'), error: String(err) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(String(err));
    });
  });

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };
  const refuse = (res: http.ServerResponse) =>
    json(res, 401, { ok: false, error: { message: 'This Reclib server needs the address it printed (with ?token=…); open that address.', code: 'EAUTH' } });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://reclib.invalid');
    if (!sameSite(req, port)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden: this server answers its own page only');
      return;
    }
    const authed = hasToken(req, url, token, port);
    const p = url.pathname;
    if (p.startsWith('/api/')) {
      if (!authed) return refuse(res);
      return api(req, res, decodeURIComponent(p.slice('/api/'.length)));
    }
    if (p.startsWith('/media/')) {
      if (!authed) return refuse(res);
      return media(req, res, p.slice('/media/'.length));
    }
    if (p === '/upload') {
      if (!authed) return refuse(res);
      if (req.method !== 'POST') return json(res, 405, { error: 'POST the file' });
      try {
        return json(res, 200, await receiveUpload(req, staging, url.searchParams.get('name')));
      } catch (err) {
        return json(res, err instanceof UploadError ? err.status : 500, { error: err instanceof Error ? err.message : String(err) });
      }
    }
    if (p === '/folders') {
      if (!authed) return refuse(res);
      try {
        return json(res, 200, listFolders(url.searchParams.get('path'), roots, { hidden: url.searchParams.get('hidden') === '1' }));
      } catch (err) {
        return json(res, err instanceof FolderError ? err.status : 500, { error: err instanceof Error ? err.message : String(err) });
      }
    }
    return page(req, res, url, authed);
  }

  async function api(req: http.IncomingMessage, res: http.ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') return json(res, 405, { ok: false, error: { message: 'requests are POSTed', code: 'EINVAL' } });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      res.writeHead(415, { 'content-type': 'text/plain' }).end('requests must be application/json');
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let payload: unknown;
    try {
      payload = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      return json(res, 400, { ok: false, error: { message: 'the request body is not JSON', code: 'EINVAL' } });
    }
    const envelope = await host.request(name, payload);
    json(res, !envelope.ok && envelope.error.code === 'EHOSTDIED' ? 503 : 200, envelope);
  }

  async function media(req: http.IncomingMessage, res: http.ServerResponse, rel: string): Promise<void> {
    const r = await host.media(rel, req.headers.range ?? null);
    res.writeHead(r.status, r.headers);
    if (r.file === null || r.file.end < r.file.start) res.end(r.text ?? undefined);
    else fs.createReadStream(r.file.path, { start: r.file.start, end: r.file.end }).on('error', () => res.destroy()).pipe(res);
  }

  function page(req: http.IncomingMessage, res: http.ServerResponse, url: URL, authed: boolean): void {
    // Static files of the built page; anything else is the page itself (index.html).
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = rel === '' ? null : path.resolve(renderer!, rel);
    if (file && file.startsWith(renderer! + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile() && path.basename(file) !== 'index.html') {
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'x-content-type-options': 'nosniff' });
      fs.createReadStream(file).pipe(res);
      return;
    }
    // The printed address (with ?token=) sets the cookie that media URLs and the event socket
    // carry; the page then takes the token out of its address bar (web-bridge.ts).
    const tokened = url.searchParams.has('token') && hasToken(req, url, token, port, { query: true });
    if (!authed && !tokened) {
      res.writeHead(401, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(NO_TOKEN_PAGE);
      return;
    }
    res.writeHead(200, {
      ...(tokened ? { 'set-cookie': tokenCookie(port, token) } : {}),
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': csp(port),
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    fs.createReadStream(path.join(renderer!, 'index.html')).pipe(res);
  }

  const wss = new WebSocketServer({
    server,
    path: '/events',
    verifyClient: ({ req }: { req: http.IncomingMessage }) => sameSite(req, port) && hasToken(req, new URL(req.url ?? '/', 'http://reclib.invalid'), token, port, { query: true }),
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
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
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
