/**
 * The routes of `reclib serve`: the contract (POST /api/<channel>), media by range, uploads, the
 * folder picker and the built page. Every route but the page itself needs this start's token.
 */
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { errorMessage } from '@shared/errors';
import { isInside } from '@core/storage/paths';
import type { HostClient } from '../host/client';
import { hasToken, sameSite, tokenCookie } from './auth';
import { sendPageWithFirstScreen } from './first-screen';
import { FolderError, listFolders } from './folders';
import { receiveUpload, UploadError } from './upload';

/** What the routes serve from: the host, the built page, this start's token and port, the upload area and picker roots. */
export interface Site {
  host: HostClient;
  renderer: string;
  token: string;
  /** Known once the server listens. */
  port: number;
  staging: string;
  roots: string[];
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

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

function refuse(res: http.ServerResponse): void {
  json(res, 401, { ok: false, error: { message: 'This Reclib server needs the address it printed (with ?token=…); open that address.', code: 'EAUTH' } });
}

/** Answers one request of the browser page. */
export async function route(site: Site, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const { token, port, staging, roots } = site;
  const url = new URL(req.url ?? '/', 'http://reclib.invalid');
  if (!sameSite(req, port)) {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden: this server answers its own page only');
    return;
  }
  const authed = hasToken(req, url, token, port);
  const p = url.pathname;
  if (p.startsWith('/api/')) {
    if (!authed) return refuse(res);
    return api(site.host, req, res, decodeURIComponent(p.slice('/api/'.length)), staging);
  }
  if (p.startsWith('/media/')) {
    if (!authed) return refuse(res);
    return media(site.host, req, res, p.slice('/media/'.length));
  }
  if (p === '/upload') {
    if (!authed) return refuse(res);
    if (req.method !== 'POST') return json(res, 405, { error: 'POST the file' });
    try {
      return json(res, 200, await receiveUpload(req, staging, url.searchParams.get('name')));
    } catch (err) {
      return json(res, err instanceof UploadError ? err.status : 500, { error: errorMessage(err) });
    }
  }
  if (p === '/folders') {
    if (!authed) return refuse(res);
    try {
      return json(res, 200, listFolders(url.searchParams.get('path'), roots, { hidden: url.searchParams.get('hidden') === '1' }));
    } catch (err) {
      return json(res, err instanceof FolderError ? err.status : 500, { error: errorMessage(err) });
    }
  }
  return page(site, req, res, url, authed);
}

/**
 * Files dropped on the page are this server's own copies (staged uploads): an import of them only
 * moves them in, or each would stay behind, taking its size twice until the server stops.
 */
function movingStaged(name: string, payload: unknown, staging: string): unknown {
  if (name !== 'import:start' || typeof payload !== 'object' || payload === null) return payload;
  const paths = (payload as { paths?: unknown }).paths;
  const staged = (p: unknown) => typeof p === 'string' && isInside(path.resolve(staging), path.resolve(p));
  return Array.isArray(paths) && paths.length > 0 && paths.every(staged) ? { ...payload, move: true } : payload;
}

async function api(host: HostClient, req: http.IncomingMessage, res: http.ServerResponse, name: string, staging: string): Promise<void> {
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
  const envelope = await host.request(name, movingStaged(name, payload, staging));
  json(res, !envelope.ok && envelope.error.code === 'EHOSTDIED' ? 503 : 200, envelope);
}

async function media(host: HostClient, req: http.IncomingMessage, res: http.ServerResponse, rel: string): Promise<void> {
  const r = await host.media(rel, req.headers.range ?? null);
  res.writeHead(r.status, r.headers);
  if (r.file === null || r.file.end < r.file.start) res.end(r.text ?? undefined);
  else fs.createReadStream(r.file.path, { start: r.file.start, end: r.file.end }).on('error', () => res.destroy()).pipe(res);
}

const header = (req: http.IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

async function page(site: Site, req: http.IncomingMessage, res: http.ServerResponse, url: URL, authed: boolean): Promise<void> {
  const { renderer, token, port } = site;
  // Static files of the built page; anything else is the page itself (index.html).
  const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  const file = rel === '' ? null : path.resolve(renderer, rel);
  if (file && file.startsWith(renderer + path.sep) && fs.existsSync(file) && fs.statSync(file).isFile() && path.basename(file) !== 'index.html') {
    // Built assets are named by their content hash: a browser may keep them for good (the next
    // tab starts without fetching or compiling them again); index.html itself is never cached.
    const hashed = path.dirname(file) === path.join(renderer, 'assets');
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    fs.createReadStream(file).pipe(res);
    return;
  }
  // A missing file (a browser's /favicon.ico, an old asset) is not the page: the page would ask the host for the first screen.
  if (path.extname(rel) !== '' && path.extname(rel) !== '.html') {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end('not found');
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
    // The browser's colour scheme on the next load, so the first screen paints in the app's theme (first-screen-html.ts).
    'accept-ch': 'Sec-CH-Prefers-Color-Scheme',
  });
  const html = await fs.promises.readFile(path.join(renderer, 'index.html'), 'utf8');
  // The first screen's answers ride in the page (no round trip before the first rows); not for a HEAD.
  if (req.method === 'HEAD') res.end();
  else await sendPageWithFirstScreen(res, { html, renderer, acceptLanguage: req.headers['accept-language'], colorScheme: header(req, 'sec-ch-prefers-color-scheme') }, site.host);
}
