/**
 * The desktop shell's lifecycle over the few Electron APIs it needs (given as ShellDeps, so a Node
 * test can run it with a fake of them and a real host): window first with the start's phase, the
 * app once the host is ready, an error page if the host dies or the preload fails, a window on
 * every second launch, and quit that asks while jobs run and never waits long for them.
 */
import type { Logger } from '../core/log/logger';
import type { HostClient } from '../host/client';
import {
  APP_ORIGIN,
  errorPage,
  externalLinkAction,
  navigationAllowed,
  permissionAllowed,
  preloadFailure,
  quitAnswer,
  type QuitStep,
  quitStep,
  rendererEntry,
  type RendererSource,
  type Screen,
  screenFor,
  secondInstanceAction,
  statusPage,
  STOP_WAIT_MS,
} from './decisions';

export interface GuardEvent {
  preventDefault(): void;
}

export interface ShellWebContents {
  getURL(): string;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate' | 'will-redirect', listener: (e: GuardEvent, url: string) => void): void;
  on(event: 'preload-error', listener: (e: unknown, preloadPath: string, error: Error) => void): void;
  on(event: 'did-finish-load', listener: () => void): void;
  executeJavaScript(code: string): Promise<unknown>;
  session: {
    setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
    setPermissionCheckHandler(handler: (wc: unknown, permission: string) => boolean): void;
  };
}

export interface ShellWindow {
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  isMinimized(): boolean;
  isVisible(): boolean;
  isDestroyed(): boolean;
  once(event: 'ready-to-show', listener: () => void): void;
  on(event: 'closed', listener: () => void): void;
  webContents: ShellWebContents;
}

export interface ShellDeps {
  app: {
    on(event: 'second-instance' | 'activate' | 'window-all-closed', listener: () => void): void;
    on(event: 'before-quit', listener: (e: GuardEvent) => void): void;
    quit(): void;
  };
  createWindow(): ShellWindow;
  windowCount(): number;
  /** Shows the quit question; resolves with the index of the chosen button. */
  ask(win: ShellWindow | null, step: Extract<QuitStep, { do: 'ask' }>): Promise<number>;
  openExternal(url: string): void;
  host: HostClient;
  source: RendererSource;
  log: Logger;
  logFile: string;
  platform: NodeJS.Platform;
  /** Called once the host is stopped and before the app quits (IPC handlers go here). */
  beforeExit?: () => void;
}

export const STATUS_URL = `${APP_ORIGIN}/__reclib/status`;
export const ERROR_URL = `${APP_ORIGIN}/__reclib/error`;

export interface Shell {
  /** The HTML of the shell's own pages (served by the app:// protocol). */
  page(which: 'status' | 'error'): string;
  readonly window: ShellWindow | null;
  readonly screen: Screen;
}

export function runShell(deps: ShellDeps): Shell {
  const { host, source, log } = deps;
  let win: ShellWindow | null = null;
  let screen: Screen | null = null;
  let failure: { title: string; detail: string; logFile: string | null } | null = null;
  const appUrl = rendererEntry(source);

  const show = (next: Screen, force = false) => {
    const was = screen;
    screen = next;
    if (!win || win.isDestroyed()) return;
    if (next.kind === 'error') {
      failure = { title: next.title, detail: next.detail, logFile: host.status?.logFile ?? deps.logFile };
      void win.loadURL(ERROR_URL);
    } else if (next.kind === 'status') {
      if (force || was?.kind !== 'status' || was.message !== next.message) void win.loadURL(STATUS_URL);
    } else if (force || was?.kind !== 'app') {
      void win.loadURL(appUrl);
    }
  };
  const current = () => screenFor(host.status, host.died ? host.exit : null, host.deathMessage());

  host.onStatus(() => {
    if (screen?.kind !== 'error') show(current());
  });
  host.onExit((e) => {
    if (!host.died) return;
    log.error('the library process ended', { code: e.code ?? null, signal: e.signal ?? null });
    show(current());
  });

  const createWindow = () => {
    const w = deps.createWindow();
    win = w;
    w.once('ready-to-show', () => w.show());
    const wc = w.webContents;
    wc.setWindowOpenHandler(({ url }) => {
      if (externalLinkAction(url) === 'open-external') deps.openExternal(url);
      return { action: 'deny' };
    });
    const guard = (e: GuardEvent, url: string) => {
      if (navigationAllowed(url, source)) return;
      e.preventDefault();
      log.warn('blocked navigation away from Reclib', { url });
    };
    wc.on('will-navigate', guard);
    wc.on('will-redirect', guard);
    wc.session.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionAllowed(permission)));
    wc.session.setPermissionCheckHandler((_wc, permission) => permissionAllowed(permission));
    wc.on('preload-error', (_e, _path, error) => {
      log.error('the window preload failed', { error: error.message });
      show({ kind: 'error', ...preloadFailure(error.message, null) });
    });
    wc.on('did-finish-load', () => {
      if (screen?.kind !== 'app' || !navigationAllowed(wc.getURL(), source)) return;
      // A page without its bridge would fall back to the web bridge and show nothing useful.
      void wc.executeJavaScript("typeof window.reclib === 'object'").then((ok) => {
        if (ok !== true) show({ kind: 'error', ...preloadFailure('window.reclib is missing', null) });
      });
    });
    w.on('closed', () => {
      if (win === w) win = null;
    });
    // Window first: it shows where the start is while the host opens the library.
    show(screen?.kind === 'error' ? screen : current(), true);
  };
  createWindow();

  deps.app.on('second-instance', () => {
    const action = secondInstanceAction(win ? { destroyed: win.isDestroyed(), minimized: win.isMinimized(), visible: win.isVisible() } : null);
    if (action === 'create') return createWindow();
    if (action === 'restore') win!.restore();
    if (action === 'show') win!.show();
    win!.focus();
  });
  deps.app.on('activate', () => {
    if (deps.windowCount() === 0) createWindow();
  });
  deps.app.on('window-all-closed', () => {
    if (deps.platform !== 'darwin') deps.app.quit();
  });

  let quitting: 'no' | 'asking' | 'stopping' | 'done' = 'no';
  deps.app.on('before-quit', (event) => {
    if (quitting === 'done') return;
    event.preventDefault();
    if (quitting !== 'no') return;
    quitting = 'asking';
    void (async () => {
      const step = quitStep((await host.activity()).running, false);
      if (step.do === 'ask' && quitAnswer(await deps.ask(win && !win.isDestroyed() ? win : null, step)) === 'keep-working') {
        quitting = 'no';
        if (!win || win.isDestroyed()) createWindow(); // the jobs go on where the person can see them
        return;
      }
      quitting = 'stopping';
      const how = await host.stop(STOP_WAIT_MS);
      if (how === 'killed') log.warn('jobs did not stop in time; they resume from the journal at the next start');
      deps.beforeExit?.();
      quitting = 'done';
      deps.app.quit();
    })();
  });

  return {
    page: (which) =>
      which === 'error' && failure ? errorPage(failure.title, failure.detail, failure.logFile) : statusPage(screen?.kind === 'status' ? screen.message : 'Opening library…'),
    get window() {
      return win;
    },
    get screen() {
      return screen ?? current();
    },
  };
}
