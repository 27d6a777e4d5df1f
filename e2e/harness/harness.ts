/**
 * The web harness: serves the built renderer and answers the same contract over HTTP and a
 * WebSocket, with the real core behind it (no mocks). The renderer runs in a browser exactly as
 * in Electron, which is how the Playwright `web` project and `npm run web` see the app.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { EVENT_NAMES } from '@shared/contract';
import { AppCore, headlessPlatform } from '@core/services/app';
import { parseMediaPath, serveMedia } from '@core/services/media-route';
import { createLogger, type Logger } from '../../src-main/core/log/logger';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { installDefaultTemplates } from '../../src-main/core/templates/install';
import { dispatch } from '../../src-main/handlers/dispatch';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface HarnessOptions {
  library: string;
  port?: number;
  host?: string;
  rendererDir?: string;
  log?: Logger;
  /** Where app-level settings live; ~/.config/Reclib (web) by default. */
  userData?: string;
  /**
   * Create the library when it is missing: the first run only (no library named, none ever
   * opened), as in the app. Otherwise a missing library is the "Library not found" screen.
   */
  createIfMissing?: boolean;
}

export interface Harness {
  url: string;
  core: AppCore;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Where the web harness keeps app-level settings by default (Electron's userData in the app). */
export function webUserData(): string {
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'Reclib (web)');
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const log = opts.log ?? createLogger({ level: 'warn' });
  const rendererDir = opts.rendererDir ?? path.join(repoRoot, 'out/renderer');
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (${rendererDir}/index.html is missing): run \`npm run build\` first.`);
  }
  // App-level settings live where Electron's userData would be.
  const appSettings = new AppSettingsStore(opts.userData ?? webUserData());
  const core = new AppCore({ log, owner: 'the Reclib web harness', onLibraryCreated: (lib) => installDefaultTemplates(lib, path.join(repoRoot, 'resources')) });
  const lib = await core.start(opts.library, { create: opts.createIfMissing ?? false });
  if (lib) await appSettings.rememberLibrary(lib.root);

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      log.error('harness request failed', { url: req.url ?? '', error: String(err) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(err));
    });
  });

  /**
   * Only this page may drive the core: another site open in the same browser could otherwise post
   * to /api/trash:empty (a "simple" request needs no CORS preflight) or reach us by DNS rebinding.
   */
  const trusted = (req: http.IncomingMessage): boolean => {
    const host = req.headers.host ?? '';
    const port = (server.address() as AddressInfo | null)?.port;
    const hostOk = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host);
    const origin = req.headers.origin;
    return hostOk && (origin === undefined || origin === `http://${host}`);
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://harness');
    if (!trusted(req)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden: this server answers its own page only');
      return;
    }
    if (url.pathname.startsWith('/api/') && req.method === 'POST') {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
        res.writeHead(415, { 'content-type': 'text/plain' }).end('requests must be application/json');
        return;
      }
      const name = decodeURIComponent(url.pathname.slice('/api/'.length));
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      let payload: unknown;
      try {
        payload = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: { message: 'the request body is not JSON', code: 'EINVAL' } }));
        return;
      }
      const envelope = await dispatch(name, payload, { app: core, platform: headlessPlatform, appSettings, log });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(envelope));
      return;
    }
    if (url.pathname.startsWith('/media/')) {
      const target = parseMediaPath(url.pathname.slice('/media/'.length));
      if (!target || !core.isOpen) {
        res.writeHead(404).end();
        return;
      }
      const r = serveMedia(core.lib, target.id, target.kind, req.headers.range ?? null);
      res.writeHead(r.status, r.headers);
      if (r.body === null) res.end();
      else if (typeof r.body === 'string') res.end(r.body);
      else r.body.pipe(res);
      return;
    }
    // Static renderer files; anything unknown falls back to index.html.
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    let file = path.resolve(rendererDir, rel);
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(rendererDir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  }

  const wss = new WebSocketServer({ server, path: '/events', verifyClient: ({ req }: { req: http.IncomingMessage }) => trusted(req) });
  const offs = EVENT_NAMES.map((event) =>
    core.events.on(event, (payload) => {
      const msg = JSON.stringify({ event, payload });
      for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(msg);
    }),
  );

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${addr.port}`,
    core,
    close: async () => {
      offs.forEach((off) => off());
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.closeAsync();
    },
  };
}
