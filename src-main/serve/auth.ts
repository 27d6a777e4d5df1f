/**
 * Who may use a `reclib serve` server: a request to our own host name and port (no DNS rebinding),
 * from our own page (no other site driving the core), carrying this start's token in a header, a
 * cookie set when the tokened address was opened, or (for the event socket) the query.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

export const TOKEN_HEADER = 'x-reclib-token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** One cookie per port: two servers on one machine never overwrite each other's. */
export function cookieName(port: number): string {
  return `reclib-token-${port}`;
}

export function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** Our host name and port only; an Origin, when sent, must be our own page. */
export function sameSite(req: http.IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  const hostOk = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(host);
  const origin = req.headers.origin;
  return hostOk && (origin === undefined || origin === `http://${host}`);
}

export function hasToken(req: http.IncomingMessage, url: URL, token: string, port: number, opts: { query?: boolean } = {}): boolean {
  const header = req.headers[TOKEN_HEADER];
  if (sameToken(Array.isArray(header) ? header[0] : header, token)) return true;
  if (sameToken(readCookie(req.headers.cookie, cookieName(port)), token)) return true;
  return opts.query === true && sameToken(url.searchParams.get('token'), token);
}

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;
}
