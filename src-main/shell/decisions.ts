/**
 * The desktop shell's decisions as plain functions: what the window shows while the library
 * opens, what quitting does while jobs run, what a second launch does, which URLs are ours. The
 * Electron glue in src-main/index.ts only carries them out, so they are tested without Electron.
 */
import path from 'node:path';
import type { HostExit } from '../host/client';
import type { HostPhase, HostStatus } from '../host/protocol';
// Relative, not @shared: electron.vite.config.ts imports this file before any alias exists.
import type { Envelope } from '../../src-shared/channel';
import { type UiSettings, UI_THEMES } from '../../src-shared/settings';

// ---- At start ------------------------------------------------------------------------------

export type Screen = { kind: 'status'; message: string } | { kind: 'app' } | { kind: 'error'; title: string; detail: string };

const PHASE_MESSAGES: Record<Exclude<HostPhase, 'ready'>, string> = {
  starting: 'Opening library…',
  opening: 'Opening library…',
  recovering: 'Finishing interrupted work…',
  stopping: 'Closing the library…',
};

/**
 * The window exists from the first moment; it shows the host's phase until the library is open or
 * known to be unavailable, then the app (whose own "Library not found" screen offers Locate, Retry,
 * Create new and Open another). A host that ended on its own is an error page, never a blank window.
 */
export function screenFor(status: HostStatus | null, exit: HostExit | null, deathMessage: string): Screen {
  if (exit) return { kind: 'error', title: 'Reclib stopped working with its library', detail: deathMessage };
  if (!status) return { kind: 'status', message: PHASE_MESSAGES.starting };
  if (status.phase === 'ready') return { kind: 'app' };
  return { kind: 'status', message: PHASE_MESSAGES[status.phase] };
}

// ---- Quit ----------------------------------------------------------------------------------

/** Never wait longer than this for running jobs to stop safely; the journal resumes the rest. */
export const STOP_WAIT_MS = 5000;

export type QuitStep = { do: 'quit' } | { do: 'ask'; message: string; detail: string; buttons: [string, string]; defaultId: 1; cancelId: 1 };

export function quitStep(running: { title: string }[], alreadyConfirmed: boolean): QuitStep {
  if (running.length === 0 || alreadyConfirmed) return { do: 'quit' };
  const names = running.slice(0, 3).map((j) => `• ${j.title}`);
  if (running.length > 3) names.push(`• and ${running.length - 3} more`);
  return {
    do: 'ask',
    message: running.length === 1 ? 'A job is still running. Quit anyway?' : `${running.length} jobs are still running. Quit anyway?`,
    detail: `${names.join('\n')}\n\nStopping is safe: unfinished work is undone or finished the next time Reclib opens.`,
    buttons: ['Stop and quit', 'Keep working'],
    defaultId: 1,
    cancelId: 1,
  };
}

export function quitAnswer(response: number): 'stop-and-quit' | 'keep-working' {
  return response === 0 ? 'stop-and-quit' : 'keep-working';
}

/** Resolves with 'done', or 'late' once `ms` have passed; `wait` stands in for a timer in tests. */
export async function boundedWait<T>(work: Promise<T>, ms: number, wait: (ms: number) => Promise<void>): Promise<'done' | 'late'> {
  return Promise.race([work.then(() => 'done' as const), wait(ms).then(() => 'late' as const)]);
}

// ---- A second launch -----------------------------------------------------------------------

export interface WindowFacts {
  destroyed: boolean;
  minimized: boolean;
  visible: boolean;
}

/** A second launch always ends with a window in front: made anew when the old one is gone. */
export function secondInstanceAction(win: WindowFacts | null): 'create' | 'restore' | 'show' | 'focus' {
  if (!win || win.destroyed) return 'create';
  if (win.minimized) return 'restore';
  if (!win.visible) return 'show';
  return 'focus';
}

// ---- Trust ---------------------------------------------------------------------------------

export const APP_SCHEME = 'app';
export const APP_HOST = 'reclib';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const MEDIA_SCHEME = 'reclib-media';

/** Where the renderer comes from: our app:// protocol, or (npm run dev) exactly one dev server. */
export type RendererSource = { kind: 'app' } | { kind: 'dev'; protocol: string; host: string; url: string };

export function rendererSource(devUrl: string | undefined): RendererSource {
  if (!devUrl) return { kind: 'app' };
  const u = new URL(devUrl);
  if (u.protocol !== 'http:' || !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname)) {
    throw new Error(`ELECTRON_RENDERER_URL must be a local http:// dev server, not ${devUrl}`);
  }
  return { kind: 'dev', protocol: u.protocol, host: u.host, url: devUrl };
}

export function rendererEntry(source: RendererSource): string {
  return source.kind === 'app' ? `${APP_ORIGIN}/index.html` : source.url;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Ours: the parsed protocol and host (the host includes the port) equal ours exactly. A string
 * prefix would admit `http://localhost:51730` for `http://localhost:5173`, or `app://reclib.evil`.
 */
export function isTrustedUrl(url: string, source: RendererSource): boolean {
  const u = parse(url);
  if (!u || u.username || u.password) return false;
  if (source.kind === 'app') return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  return u.protocol === source.protocol && u.host === source.host;
}

/** In-window navigation (will-navigate, will-redirect) stays on our own pages. */
export function navigationAllowed(url: string, source: RendererSource): boolean {
  return isTrustedUrl(url, source);
}

/** A link the page tries to open: https and mailto go to the system browser; the rest nowhere. */
export function externalLinkAction(url: string): 'open-external' | 'deny' {
  const u = parse(url);
  return u && (u.protocol === 'https:' || u.protocol === 'mailto:') ? 'open-external' : 'deny';
}

/** Camera, microphone, notifications, geolocation...: the app needs none of them. */
export function permissionAllowed(_permission: string): boolean {
  return false;
}

/**
 * The content security policy of our pages. No `ws:` wildcard: the dev server's HMR socket is
 * named exactly, and only in dev (with the inline React refresh preamble it needs).
 */
export function contentSecurityPolicy(source: RendererSource): string {
  const media = `${MEDIA_SCHEME}:`;
  const dev = source.kind === 'dev' ? source : null;
  return [
    "default-src 'self'",
    dev ? `script-src 'self' 'unsafe-inline' ${dev.protocol}//${dev.host}` : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${media}`,
    `media-src 'self' blob: ${media}`,
    dev ? `connect-src 'self' ${media} ${dev.protocol}//${dev.host} ws://${dev.host}` : `connect-src 'self' ${media}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const FILE_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export type AppRequest = { serve: 'file'; file: string; type: string } | { serve: 'page'; page: 'status' | 'error' } | { serve: 'refuse'; status: 400 | 403 | 404 | 405 };

/**
 * What app://reclib/<path> answers: a file of the built renderer, one of the shell's own pages, or
 * a refusal. Only GET, only our host, never a path that leaves the renderer folder.
 */
export function appRequest(method: string, url: string, rendererDir: string): AppRequest {
  if (method !== 'GET' && method !== 'HEAD') return { serve: 'refuse', status: 405 };
  const u = parse(url);
  if (!u || u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return { serve: 'refuse', status: 403 };
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return { serve: 'refuse', status: 400 };
  }
  if (rel === '/__reclib/status') return { serve: 'page', page: 'status' };
  if (rel === '/__reclib/error') return { serve: 'page', page: 'error' };
  if (rel.includes('\0')) return { serve: 'refuse', status: 400 };
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${rel === '/' ? '/index.html' : rel}`);
  if (!file.startsWith(root + path.sep)) return { serve: 'refuse', status: 403 };
  return { serve: 'file', file, type: FILE_TYPES[path.extname(file)] ?? 'application/octet-stream' };
}

// ---- The shell's own pages -------------------------------------------------------------------

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function shellPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Reclib</title>
<style>body{font:15px system-ui,sans-serif;margin:0;display:grid;place-items:center;height:100vh;color:#222;background:#f6f6f4}
main{max-width:36em;padding:2em}h1{font-size:1.3em;font-weight:600}code{word-break:break-all}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function statusPage(message: string): string {
  return shellPage(message, '<p>Reclib opens the window first and the library right after; this takes a moment on a slow or busy disk.</p>');
}

export function errorPage(title: string, detail: string, logFile: string | null): string {
  const log = logFile ? `<p>Details are in the log: <code>${escapeHtml(logFile)}</code>. Please attach it when you report this.</p>` : '';
  return shellPage(title, `<p>${escapeHtml(detail)}</p>${log}<p>Quit Reclib and open it again.</p>`);
}

/** A window whose preload did not load has no way to reach the library: say so instead of a blank page. */
export function preloadFailure(error: string, logFile: string | null): { title: string; detail: string; logFile: string | null } {
  return {
    title: 'Reclib could not start its window',
    detail: `The part of the window that talks to the library did not load (${error}). This usually means the installation is damaged; reinstall Reclib.`,
    logFile,
  };
}

// ---- The native theme ----------------------------------------------------------------------

/**
 * The theme the native parts (menus, scrollbars, dialogs) should take after a reply, or null
 * when the reply says nothing about it: app:settings and app:updateSettings carry ui.theme.
 */
export function themeSourceOf(channel: string, envelope: Envelope<unknown>): UiSettings['theme'] | null {
  if ((channel !== 'app:settings' && channel !== 'app:updateSettings') || !envelope.ok) return null;
  const theme = (envelope.value as { ui?: { theme?: unknown } } | null)?.ui?.theme;
  return (UI_THEMES as readonly unknown[]).includes(theme) ? (theme as UiSettings['theme']) : null;
}
