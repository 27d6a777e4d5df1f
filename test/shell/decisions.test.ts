/** The desktop shell's decisions, as plain functions (the Electron glue only carries them out). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appSettingsSchema } from '../../src-shared/settings';
import { startTarget } from '../../src-main/host/start-target';
import type { HostStatus } from '../../src-main/host/protocol';
import {
  APP_ORIGIN,
  appRequest,
  boundedWait,
  contentSecurityPolicy,
  errorPage,
  externalLinkAction,
  isTrustedUrl,
  navigationAllowed,
  permissionAllowed,
  preloadFailure,
  quitAnswer,
  quitStep,
  rendererEntry,
  rendererSource,
  screenFor,
  secondInstanceAction,
  STOP_WAIT_MS,
} from '../../src-main/shell/decisions';
import { tmpDir } from '../helpers/tmp';

const status = (phase: HostStatus['phase'], library: HostStatus['library'] = null): HostStatus => ({ phase, root: '/media/disk/Library', library, logFile: '/home/u/.config/Reclib/logs/reclib.log' });
const settings = (patch: Partial<ReturnType<ReturnType<typeof appSettingsSchema>['parse']>> = {}) => ({ ...appSettingsSchema().parse({}), ...patch });

describe('at start', () => {
  it('the window shows where the start is, then the app; a dead host is an error page, never a blank window', () => {
    expect(screenFor(null, null, '')).toEqual({ kind: 'status', message: 'Opening library…' });
    expect(screenFor(status('opening'), null, '')).toEqual({ kind: 'status', message: 'Opening library…' });
    expect(screenFor(status('recovering'), null, '')).toEqual({ kind: 'status', message: 'Finishing interrupted work…' });
    expect(screenFor(status('ready', 'open'), null, '')).toEqual({ kind: 'app' });
    // Not found is the app's own screen (Locate…, Retry, Create new, Open another), not an error box.
    expect(screenFor(status('ready', 'unavailable'), null, '')).toEqual({ kind: 'app' });
    const dead = screenFor(status('recovering'), { code: 1, signal: null }, 'the library process exited with code 1');
    expect(dead).toMatchObject({ kind: 'error', detail: 'the library process exited with code 1' });
  });

  it('a remembered or named library that is missing is opened (and reported), never created; only the very first run creates', () => {
    const videos = '/home/u/Videos';
    expect(startTarget({ named: null, settings: settings(), videosDir: videos, firstRunCreates: true })).toEqual({ root: path.join(videos, 'Reclib Library'), create: true });
    // The remembered library on a disk that is not connected: the same path, not created.
    const remembered = settings({ lastOpened: '/media/usb/Lectures', libraries: ['/media/usb/Lectures'] });
    expect(startTarget({ named: null, settings: remembered, videosDir: videos, firstRunCreates: true })).toEqual({ root: '/media/usb/Lectures', create: false });
    // Known libraries but none last opened (settings edited by hand): still not a first run.
    expect(startTarget({ named: null, settings: settings({ libraries: ['/x'] }), videosDir: videos, firstRunCreates: true }).create).toBe(false);
    // Named by RECLIB_LIBRARY / --library: never created, even on a first run.
    expect(startTarget({ named: '/media/usb/Новая', settings: settings(), videosDir: videos, firstRunCreates: true })).toEqual({ root: '/media/usb/Новая', create: false });
    // `reclib serve` from tests and the harness: never creates.
    expect(startTarget({ named: null, settings: settings(), videosDir: videos, firstRunCreates: false }).create).toBe(false);
  });
});

describe('quit', () => {
  it('quits at once with nothing running; asks "Stop and quit / Keep working" while jobs run', () => {
    expect(quitStep([], false)).toEqual({ do: 'quit' });
    const step = quitStep([{ title: 'Import Лекции' }, { title: 'Process #4' }], false);
    expect(step).toMatchObject({ do: 'ask', buttons: ['Stop and quit', 'Keep working'], defaultId: 1, cancelId: 1 });
    if (step.do !== 'ask') throw new Error('expected a question');
    expect(step.message).toBe('2 jobs are still running. Quit anyway?');
    expect(step.detail).toContain('Import Лекции');
    expect(quitStep([{ title: 'a' }, { title: 'b' }, { title: 'c' }, { title: 'd' }, { title: 'e' }], false).do === 'ask').toBe(true);
    expect(quitStep([{ title: 'x' }], true)).toEqual({ do: 'quit' });
    expect(quitAnswer(0)).toBe('stop-and-quit');
    // Escape, closing the box, anything else: keep working.
    expect(quitAnswer(1)).toBe('keep-working');
    expect(quitAnswer(-1)).toBe('keep-working');
  });

  it('waits for safe stops only a few seconds: a stop that never ends is cut off by the bound', async () => {
    expect(STOP_WAIT_MS).toBeLessThanOrEqual(10_000);
    let fire: () => void = () => undefined;
    const clock = (ms: number) => {
      expect(ms).toBe(STOP_WAIT_MS);
      return new Promise<void>((resolve) => (fire = resolve));
    };
    const never = new Promise<void>(() => undefined);
    const outcome = boundedWait(never, STOP_WAIT_MS, clock);
    fire();
    expect(await outcome).toBe('late');
    expect(await boundedWait(Promise.resolve(), STOP_WAIT_MS, () => new Promise<void>(() => undefined))).toBe('done');
  });
});

describe('a second launch', () => {
  it('always ends with a window in front, made anew when the old one is gone', () => {
    expect(secondInstanceAction(null)).toBe('create');
    expect(secondInstanceAction({ destroyed: true, minimized: false, visible: false })).toBe('create');
    expect(secondInstanceAction({ destroyed: false, minimized: true, visible: true })).toBe('restore');
    expect(secondInstanceAction({ destroyed: false, minimized: false, visible: false })).toBe('show');
    expect(secondInstanceAction({ destroyed: false, minimized: false, visible: true })).toBe('focus');
  });
});

describe('trusted origins, by parsing', () => {
  const app = rendererSource(undefined);
  const dev = rendererSource('http://localhost:5173/');

  it('the packaged renderer is app://reclib and nothing that merely starts like it', () => {
    expect(rendererEntry(app)).toBe(`${APP_ORIGIN}/index.html`);
    expect(isTrustedUrl('app://reclib/index.html', app)).toBe(true);
    expect(isTrustedUrl('app://reclib/index.html#/trash', app)).toBe(true);
    for (const bad of ['app://reclib.evil/index.html', 'app://evil/index.html', 'file:///opt/Reclib/resources/app.asar/out/renderer/index.html', 'https://reclib/', 'app://user:pw@reclib/', 'not a url', 'app://reclib:80/']) {
      expect(isTrustedUrl(bad, app), bad).toBe(false);
    }
  });

  it('dev mode trusts exactly its dev server: another port is another origin', () => {
    expect(isTrustedUrl('http://localhost:5173/src/main.tsx', dev)).toBe(true);
    for (const bad of ['http://localhost:51730/', 'http://localhost:517/', 'http://localhost:5173.evil.com/', 'https://localhost:5173/', 'http://127.0.0.1:5173/', 'app://reclib/index.html']) {
      expect(isTrustedUrl(bad, dev), bad).toBe(false);
    }
    expect(() => rendererSource('https://example.com/')).toThrow(/local http/);
  });

  it('navigation stays on our pages; links go to the system browser only for https and mailto; permissions are denied', () => {
    expect(navigationAllowed('app://reclib/index.html', app)).toBe(true);
    expect(navigationAllowed('https://example.com/', app)).toBe(false);
    expect(navigationAllowed('file:///etc/passwd', app)).toBe(false);
    expect(externalLinkAction('https://reclib.app/help')).toBe('open-external');
    expect(externalLinkAction('mailto:help@reclib.app')).toBe('open-external');
    for (const bad of ['http://example.com', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://server/share', 'app://reclib/x']) expect(externalLinkAction(bad), bad).toBe('deny');
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(permissionAllowed(p)).toBe(false);
  });

  it('the CSP has no ws: wildcard; dev names its HMR socket exactly', () => {
    const prod = contentSecurityPolicy(app);
    expect(prod).not.toMatch(/ws:(\s|;|$)/);
    expect(prod).toContain("script-src 'self';");
    const d = contentSecurityPolicy(dev);
    expect(d).toContain('ws://localhost:5173');
    expect(d).not.toMatch(/ws:(\s|;|$)/);
    expect(d).not.toContain('51730');
  });

  it('app:// serves only the renderer folder, by GET, on our host', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'index.html'), '<div id="root"></div>');
    expect(appRequest('GET', 'app://reclib/', dir)).toEqual({ serve: 'file', file: path.join(dir, 'index.html'), type: 'text/html; charset=utf-8' });
    expect(appRequest('GET', 'app://reclib/assets/index-1.js', dir)).toMatchObject({ serve: 'file', file: path.join(dir, 'assets/index-1.js'), type: 'text/javascript' });
    expect(appRequest('GET', 'app://reclib/__reclib/status', dir)).toEqual({ serve: 'page', page: 'status' });
    expect(appRequest('POST', 'app://reclib/index.html', dir)).toEqual({ serve: 'refuse', status: 405 });
    expect(appRequest('GET', 'app://other/index.html', dir)).toEqual({ serve: 'refuse', status: 403 });
    // Dot segments the URL parser resolves stay inside the folder; encoded slashes that would leave it are refused.
    expect(appRequest('GET', 'app://reclib/%2e%2e/%2e%2e/etc/passwd', dir)).toMatchObject({ serve: 'file', file: path.join(dir, 'etc/passwd') });
    for (const sneaky of ['app://reclib/..%2F..%2Fetc%2Fpasswd', 'app://reclib/assets/..%2F..%2F..%2Fsecret', 'app://reclib/%2F..%2F..%2Fsecret']) {
      expect(appRequest('GET', sneaky, dir), sneaky).toEqual({ serve: 'refuse', status: 403 });
    }
    expect(appRequest('GET', 'app://reclib/%E0%A4%A', dir)).toEqual({ serve: 'refuse', status: 400 });
  });
});

describe('a failed preload', () => {
  it('becomes an error page that names the log file, escaped', () => {
    const f = preloadFailure('Cannot find module "zod"', '/home/u/.config/Reclib/logs/reclib.log');
    const html = errorPage(f.title, f.detail, '/home/u/Видео/<logs>/reclib.log');
    expect(html).toContain('Reclib could not start its window');
    expect(html).toContain('/home/u/Видео/&#60;logs&#62;/reclib.log');
    expect(html).toContain('Cannot find module &#34;zod&#34;');
    expect(html).not.toContain('<logs>');
  });
});
