/**
 * The shell's lifecycle run in Node: a small fake of the Electron APIs it uses (windows, app
 * events, the quit question) and the REAL core host process on a real library. Every wait is on
 * something the shell or the host did, never on time.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../src-main/core/catalog/library';
import { silentLogger } from '../../src-main/core/log/logger';
import type { HostClient } from '../../src-main/host/client';
import { ERROR_URL, runShell, type GuardEvent, type ShellDeps, type ShellWindow, STATUS_URL } from '../../src-main/shell/app-shell';
import { rendererSource } from '../../src-main/shell/decisions';
import { startHost } from '../host/helpers';
import { tmpDir } from '../helpers/tmp';

class FakeWindow extends EventEmitter {
  loads: string[] = [];
  destroyed = false;
  minimized = false;
  visible = false;
  focused = 0;
  private loaded: ((url: string) => void)[] = [];
  readonly contents = new EventEmitter();
  permissionRequest: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | null = null;
  openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  bridge = true;

  readonly webContents = {
    getURL: () => this.loads.at(-1) ?? '',
    setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => (this.openHandler = h),
    on: (event: string, l: Parameters<EventEmitter['on']>[1]) => this.contents.on(event, l),
    executeJavaScript: () => Promise.resolve(this.bridge),
    session: {
      setPermissionRequestHandler: (h: FakeWindow['permissionRequest']) => (this.permissionRequest = h),
      setPermissionCheckHandler: () => undefined,
    },
  };

  loadURL(url: string): Promise<void> {
    this.loads.push(url);
    this.loaded.forEach((l) => l(url));
    this.contents.emit('did-finish-load');
    return Promise.resolve();
  }
  /** Resolves when a page matching `match` is (or was last) loaded. */
  until(match: (url: string) => boolean): Promise<string> {
    const last = this.loads.at(-1);
    if (last && match(last)) return Promise.resolve(last);
    return new Promise((resolve) => this.loaded.push((u) => match(u) && resolve(u)));
  }
  show() {
    this.visible = true;
  }
  focus() {
    this.focused++;
  }
  restore() {
    this.minimized = false;
  }
  isMinimized() {
    return this.minimized;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    this.destroyed = true;
    this.emit('closed');
  }
  navigate(url: string): boolean {
    let prevented = false;
    const e: GuardEvent = { preventDefault: () => (prevented = true) };
    this.contents.emit('will-navigate', e, url);
    return !prevented;
  }
}

function fakeElectron(host: HostClient, answers: number[] = []) {
  const app = new EventEmitter() as EventEmitter & { quitCalls: number; quit(): void; quitted: Promise<void> };
  const windows: FakeWindow[] = [];
  const asked: string[] = [];
  let quitted: () => void = () => undefined;
  app.quitted = new Promise((resolve) => (quitted = resolve));
  app.quitCalls = 0;
  app.quit = () => {
    app.quitCalls++;
    // As Electron does: before-quit first; a listener may prevent it.
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) quitted();
  };
  const deps: ShellDeps = {
    app: app as unknown as ShellDeps['app'],
    createWindow: () => {
      const w = new FakeWindow();
      windows.push(w);
      return w as unknown as ShellWindow;
    },
    windowCount: () => windows.filter((w) => !w.destroyed).length,
    ask: (_win, step) => {
      asked.push(step.message);
      return Promise.resolve(answers.shift() ?? 1);
    },
    openExternal: () => undefined,
    host,
    source: rendererSource(undefined),
    log: silentLogger,
    logFile: '/logs/reclib.log',
    platform: 'linux',
  };
  return { app, windows, asked, deps };
}

const hosts: HostClient[] = [];
afterEach(async () => {
  while (hosts.length) await hosts.pop()!.stop(60_000);
});

describe('the desktop shell, with a fake Electron and the real host', () => {
  it('shows a window at once, then the app; a second launch brings a window back; quit stops the host and frees the library', async () => {
    const root = path.join(tmpDir(), 'Библиотека');
    Library.open(root, { create: true, writer: 'shell test setup' }).close();
    const { host } = startHost(root, { env: { RECLIB_HOST_HOLD: 'opening' } });
    hosts.push(host);
    const { app, windows, asked, deps } = fakeElectron(host);
    const shell = runShell(deps);

    // Window first, while the host is still opening the library.
    expect(windows).toHaveLength(1);
    expect(windows[0]!.loads[0]).toBe(STATUS_URL);
    await host.whenStatus((s) => s.phase === 'opening');
    expect(shell.page('status')).toContain('Opening library…');
    await host.setEnv({ RECLIB_HOST_HOLD: null });
    await windows[0]!.until((u) => u === 'app://reclib/index.html');
    expect(shell.screen).toEqual({ kind: 'app' });

    // Guards: navigation away is prevented, permissions denied.
    expect(windows[0]!.navigate('https://example.com/')).toBe(false);
    expect(windows[0]!.navigate('app://reclib/index.html#/trash')).toBe(true);
    const granted = await new Promise<boolean>((resolve) => windows[0]!.permissionRequest!(null, 'media', resolve));
    expect(granted).toBe(false);

    // A second launch with the window minimized restores it; with the window gone, makes a new one.
    windows[0]!.minimized = true;
    app.emit('second-instance');
    expect(windows[0]!.minimized).toBe(false);
    expect(windows[0]!.focused).toBe(1);
    windows[0]!.close();
    app.emit('second-instance');
    expect(windows).toHaveLength(2);
    await windows[1]!.until((u) => u === 'app://reclib/index.html');

    // Quit with nothing running: no question, the host stops, the library's lock is released.
    app.quit();
    await app.quitted;
    expect(asked).toEqual([]);
    expect(host.exit).not.toBeNull();
    expect(host.died).toBe(false);
    Library.open(root, { writer: 'after the shell' }).close();
  });

  it('a missing library opens the app on its "Library not found" screen and creates nothing; a dying host becomes an error page', async () => {
    const root = path.join(tmpDir(), 'не подключён', 'Library');
    const { host } = startHost(root);
    hosts.push(host);
    const { windows, deps } = fakeElectron(host);
    const shell = runShell(deps);
    await windows[0]!.until((u) => u === 'app://reclib/index.html');
    expect(host.status).toMatchObject({ phase: 'ready', library: 'unavailable' });
    expect(fs.existsSync(path.dirname(root))).toBe(false);

    process.kill(host.pid!, 'SIGKILL');
    await windows[0]!.until((u) => u === ERROR_URL);
    const page = shell.page('error');
    expect(page).toContain('Reclib stopped working with its library');
    expect(page).toContain('SIGKILL');
    expect(page).toContain('reclib.log');
  });

  it('a preload that fails shows the error page with the log path instead of a blank window', async () => {
    const root = path.join(tmpDir(), 'Library');
    Library.open(root, { create: true, writer: 'shell test setup' }).close();
    const { host } = startHost(root);
    hosts.push(host);
    const { windows, deps } = fakeElectron(host);
    const created = deps.createWindow;
    deps.createWindow = () => {
      const w = created();
      (w as unknown as FakeWindow).bridge = false; // window.reclib never appeared
      return w;
    };
    const shell = runShell(deps);
    await windows[0]!.until((u) => u === ERROR_URL);
    expect(shell.page('error')).toContain('Reclib could not start its window');
    expect(shell.page('error')).toMatch(/reclib\.log/);
  });
});
