/**
 * Electron main: the window, dialogs, the app:// and media protocols, and the shell's lifecycle.
 * The library lives in the core host (a utilityProcess); this process only relays to it, so the
 * window never waits on SQLite. The decisions are in shell/decisions.ts; this file carries them out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, nativeTheme, protocol, shell, utilityProcess } from 'electron';
import type { Platform } from './core/services/app';
import { createLogger } from './core/log/logger';
import { HostClient, type HostChannel } from './host/client';
import { HOST_OPTIONS_ENV, type FromHost, type HostOptions } from './host/protocol';
import { bindIpc } from './ipc';
import { runShell, type Shell, type ShellDeps, type ShellWindow } from './shell/app-shell';
import { APP_SCHEME, appRequest, contentSecurityPolicy, MEDIA_SCHEME, rendererSource, statusPage, themeSourceOf } from './shell/decisions';
import { AppSettingsStore } from './core/settings/app-settings';

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
    env: { RECLIB_DATA_DIR: app.getPath('userData'), ...process.env, [HOST_OPTIONS_ENV]: JSON.stringify(opts) },
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

  let shellRef: Shell | null = null;
  const currentWindow = () => (shellRef?.window as BrowserWindow | null | undefined) ?? null;

  const platform: Platform = {
    pick: async (kind, title) => {
      const options: Electron.OpenDialogOptions = {
        title: title ?? 'Choose',
        properties: kind === 'folder' ? ['openDirectory', 'createDirectory'] : ['openFile', 'multiSelections'],
      };
      const win = currentWindow();
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

  const html = (body: string) => new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': contentSecurityPolicy({ kind: 'app' }) } });
  protocol.handle(APP_SCHEME, async (request) => {
    const what = appRequest(request.method, request.url, rendererDir);
    if (what.serve === 'refuse') return new Response(null, { status: what.status });
    if (what.serve === 'page') return html(shellRef ? shellRef.page(what.page) : statusPage('Opening library…'));
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

  // Native menus, scrollbars and dialogs follow the theme chosen in Settings (ui.theme), from the first window on.
  nativeTheme.themeSource = new AppSettingsStore(app.getPath('userData')).read().ui.theme;
  const unbind = bindIpc(host, source, log, (channel, envelope) => {
    const theme = themeSourceOf(channel, envelope);
    if (theme) nativeTheme.themeSource = theme;
  });

  shellRef = runShell({
    app: app as unknown as ShellDeps['app'],
    createWindow: () =>
      new BrowserWindow({
        width: 1280,
        height: 820,
        minWidth: 900,
        minHeight: 560,
        title: 'Reclib',
        show: false,
        webPreferences: { preload: path.join(here, '../preload/index.cjs'), sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true },
      }) as unknown as ShellWindow,
    windowCount: () => BrowserWindow.getAllWindows().length,
    ask: async (win, step) => {
      const opts: Electron.MessageBoxOptions = { type: 'question', message: step.message, detail: step.detail, buttons: step.buttons, defaultId: step.defaultId, cancelId: step.cancelId };
      return (win ? await dialog.showMessageBox(win as unknown as BrowserWindow, opts) : await dialog.showMessageBox(opts)).response;
    },
    openExternal: (url) => void shell.openExternal(url),
    host,
    source,
    log,
    logFile,
    platform: process.platform,
    beforeExit: unbind,
  });
}
