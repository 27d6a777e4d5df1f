/**
 * Electron main: the window, dialogs, the app:// and media protocols, and the shell's lifecycle.
 * The library lives in the core host (a utilityProcess); this process only relays to it, so the
 * window never waits on SQLite. The decisions are in shell/decisions.ts; this file carries them out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, protocol, shell, utilityProcess } from 'electron';
import type { Platform } from './core/app-core';
import { createLogger } from './core/log/logger';
import { HostClient, type HostChannel } from './host/client';
import { HOST_OPTIONS_ENV, type FromHost, type HostOptions } from './host/protocol';
import { bindIpc } from './ipc';
import {
  APP_SCHEME,
  appRequest,
  contentSecurityPolicy,
  errorPage,
  externalLinkAction,
  MEDIA_SCHEME,
  navigationAllowed,
  permissionAllowed,
  preloadFailure,
  quitAnswer,
  quitStep,
  rendererEntry,
  rendererSource,
  type Screen,
  screenFor,
  secondInstanceAction,
  statusPage,
  STOP_WAIT_MS,
} from './shell/decisions';

const here = path.dirname(fileURLToPath(import.meta.url));

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, bypassCSP: false } },
]);

// Tests (Playwright's electron project) and portable set-ups give the app its own settings folder;
// set before the single-instance lock, which is kept per settings folder.
if (process.env.RECLIB_USER_DATA) app.setPath('userData', process.env.RECLIB_USER_DATA);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void main();
}

function videosDir(): string {
  try {
    return app.getPath('videos');
  } catch {
    return path.join(app.getPath('home'), 'Videos'); // no XDG videos folder on this desktop
  }
}

function resourcesDir(): string {
  // Packaged: resources/ sits beside app.asar (extraResources); from source: the repo's resources/.
  return app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(here, '../../resources');
}

/** The core host in Electron's utilityProcess, behind the same channel shape as a fork. */
function startHost(opts: HostOptions): HostChannel {
  const child = utilityProcess.fork(path.join(here, 'host.js'), [], {
    env: { ...process.env, [HOST_OPTIONS_ENV]: JSON.stringify(opts) },
    serviceName: 'Reclib library',
    stdio: 'inherit',
  });
  return {
    send: (msg) => child.postMessage(msg),
    onMessage: (l) => child.on('message', (m: unknown) => l(m as FromHost)),
    onExit: (l) => child.on('exit', (code) => l({ code, signal: null })),
    kill: () => void child.kill(),
    get pid() {
      return child.pid;
    },
  };
}

async function main(): Promise<void> {
  await app.whenReady();
  const logDir = app.getPath('logs');
  // The shell logs beside the host (which owns reclib.log), so two processes never rotate one file.
  const log = createLogger({ dir: path.join(logDir, 'shell'), level: 'info', console: (l) => process.stdout.write(l + '\n') });
  const source = rendererSource(process.env.ELECTRON_RENDERER_URL);
  const rendererDir = path.join(here, '../renderer');
  const logFile = path.join(logDir, 'reclib.log');

  let win: BrowserWindow | null = null;
  let screen: Screen = { kind: 'status', message: 'Opening library…' };
  let errorScreen: { title: string; detail: string; logFile: string | null } | null = null;

  const platform: Platform = {
    pick: async (kind, title) => {
      const options: Electron.OpenDialogOptions = {
        title: title ?? 'Choose',
        properties: kind === 'folder' ? ['openDirectory', 'createDirectory'] : ['openFile', 'multiSelections'],
      };
      const res = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return res.canceled ? null : res.filePaths;
    },
    reveal: async (p) => {
      shell.showItemInFolder(p);
      return true;
    },
  };

  const host = new HostClient(
    startHost({
      library: process.env.RECLIB_LIBRARY ?? null,
      userData: app.getPath('userData'),
      videosDir: videosDir(),
      logDir,
      resources: resourcesDir(),
      owner: 'the Reclib app',
      firstRunCreates: true,
    }),
    platform,
  );

  const show = (next: Screen) => {
    const was = screen;
    screen = next;
    if (!win || win.isDestroyed()) return;
    if (next.kind === 'error') {
      errorScreen = { title: next.title, detail: next.detail, logFile: host.status?.logFile ?? logFile };
      void win.loadURL(`${APP_SCHEME}://reclib/__reclib/error`);
    } else if (next.kind === 'status') {
      if (was.kind !== 'status' || was.message !== next.message || !win.webContents.getURL()) void win.loadURL(`${APP_SCHEME}://reclib/__reclib/status`);
    } else if (was.kind !== 'app' || !win.webContents.getURL().startsWith(rendererEntry(source).split('#')[0]!)) {
      void win.loadURL(rendererEntry(source));
    }
  };
  host.onStatus((s) => show(screenFor(s, null, '')));
  host.onExit((e) => {
    if (!host.died) return;
    log.error('the library process ended', { code: e.code ?? null });
    show(screenFor(host.status, e, host.deathMessage(e)));
  });

  const html = (body: string) => new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': contentSecurityPolicy({ kind: 'app' }) } });
  protocol.handle(APP_SCHEME, async (request) => {
    const what = appRequest(request.method, request.url, rendererDir);
    if (what.serve === 'refuse') return new Response(null, { status: what.status });
    if (what.serve === 'page') {
      if (what.page === 'error' && errorScreen) return html(errorPage(errorScreen.title, errorScreen.detail, errorScreen.logFile));
      return html(statusPage(screen.kind === 'status' ? screen.message : 'Opening library…'));
    }
    try {
      if (!(await fs.promises.stat(what.file)).isFile()) return new Response(null, { status: 404 });
      const body = Readable.toWeb(fs.createReadStream(what.file)) as ReadableStream;
      const headers: Record<string, string> = { 'content-type': what.type };
      if (what.type.startsWith('text/html')) headers['content-security-policy'] = contentSecurityPolicy(source);
      return new Response(body, { headers });
    } catch {
      return new Response(null, { status: 404 });
    }
  });

  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const r = await host.media(url.pathname.replace(/^\/+/, ''), request.headers.get('range'));
    if (r.file === null || r.file.end < r.file.start) return new Response(r.text, { status: r.status, headers: r.headers });
    const body = Readable.toWeb(fs.createReadStream(r.file.path, { start: r.file.start, end: r.file.end })) as ReadableStream;
    return new Response(body, { status: r.status, headers: r.headers });
  });

  const unbind = bindIpc(host, source, log);

  const createWindow = () => {
    const w = new BrowserWindow({
      width: 1280,
      height: 820,
      minWidth: 900,
      minHeight: 560,
      title: 'Reclib',
      show: false,
      webPreferences: { preload: path.join(here, '../preload/index.cjs'), sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true },
    });
    win = w;
    w.once('ready-to-show', () => w.show());
    const wc = w.webContents;
    wc.setWindowOpenHandler(({ url }) => {
      if (externalLinkAction(url) === 'open-external') void shell.openExternal(url);
      return { action: 'deny' };
    });
    const guard = (e: Electron.Event, url: string) => {
      if (!navigationAllowed(url, source)) {
        e.preventDefault();
        log.warn('blocked navigation away from Reclib', { url });
      }
    };
    wc.on('will-navigate', guard);
    wc.on('will-redirect', guard);
    wc.on('will-frame-navigate', (e) => {
      if (!e.isMainFrame && !navigationAllowed(e.url, source)) e.preventDefault();
    });
    wc.session.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionAllowed(permission)));
    wc.session.setPermissionCheckHandler((_wc, permission) => permissionAllowed(permission));
    wc.on('preload-error', (_e, _preloadPath, error) => {
      log.error('the window preload failed', { error: error.message });
      show({ kind: 'error', ...preloadFailure(error.message, null) });
    });
    wc.on('did-finish-load', () => {
      if (screen.kind !== 'app') return;
      // A page without its bridge would fall back to the web bridge and show nothing useful.
      void wc.executeJavaScript("typeof window.reclib === 'object'").then((ok: boolean) => {
        if (!ok) show({ kind: 'error', ...preloadFailure('window.reclib is missing', null) });
      });
    });
    w.on('closed', () => {
      if (win === w) win = null;
    });
    // Window first: it shows where the start is while the host opens the library.
    screen = screenFor(host.status, host.died ? host.exit : null, host.deathMessage());
    const first = screen;
    screen = { kind: 'status', message: '' };
    show(first);
  };
  createWindow();

  app.on('second-instance', () => {
    const action = secondInstanceAction(win ? { destroyed: win.isDestroyed(), minimized: win.isMinimized(), visible: win.isVisible() } : null);
    if (action === 'create') return createWindow();
    if (action === 'restore') win!.restore();
    if (action === 'show') win!.show();
    win!.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Quit asks while jobs run (Stop and quit / Keep working) and waits at most STOP_WAIT_MS for them
  // to stop safely; whatever is cut short is finished or undone from the journal next time.
  let quitting: 'no' | 'asking' | 'stopping' | 'done' = 'no';
  app.on('before-quit', (event) => {
    if (quitting === 'done') return;
    event.preventDefault();
    if (quitting !== 'no') return;
    quitting = 'asking';
    void (async () => {
      const step = quitStep((await host.activity()).running, false);
      if (step.do === 'ask') {
        const opts: Electron.MessageBoxOptions = { type: 'question', message: step.message, detail: step.detail, buttons: step.buttons, defaultId: step.defaultId, cancelId: step.cancelId };
        const { response } = win && !win.isDestroyed() ? await dialog.showMessageBox(win, opts) : await dialog.showMessageBox(opts);
        if (quitAnswer(response) === 'keep-working') {
          quitting = 'no';
          if (!win || win.isDestroyed()) createWindow(); // the jobs go on where the person can see them
          return;
        }
      }
      quitting = 'stopping';
      unbind();
      const how = await host.stop(STOP_WAIT_MS);
      if (how === 'killed') log.warn('jobs did not stop in time; they resume from the journal next start');
      quitting = 'done';
      app.quit();
    })();
  });
}
