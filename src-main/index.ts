/**
 * Electron main: lifecycle, the window, the single-instance lock and the media protocol. All the
 * work is core's; this file only supplies what Electron knows (paths, dialogs, the shell).
 */
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, protocol, shell } from 'electron';
import { AppCore, type Platform } from '@core/services/app';
import { parseMediaPath, serveMedia } from '@core/services/media-route';
import { mediaStatus } from '@core/tools/selftest';
import { createLogger } from './core/log/logger';
import { AppSettingsStore, defaultLibraryRoot } from './core/settings/app-settings';
import { installDefaultTemplates } from './core/templates/install';
import { bindIpc } from './ipc';

const here = path.dirname(fileURLToPath(import.meta.url));

protocol.registerSchemesAsPrivileged([
  { scheme: 'reclib-media', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, bypassCSP: false } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void main();
}

async function main(): Promise<void> {
  await app.whenReady();
  const settings = new AppSettingsStore(app.getPath('userData'));
  const log = createLogger({ dir: app.getPath('logs'), level: settings.read().logLevel, console: (l) => process.stdout.write(l + '\n') });
  const core = new AppCore({ log, owner: 'the Reclib app', onLibraryCreated: (lib) => installDefaultTemplates(lib, resourcesDir()) });
  // The FFmpeg self-test runs in the background; the UI asks for its result (media:status).
  void mediaStatus();
  const known = settings.read();
  const root = process.env.RECLIB_LIBRARY ?? known.lastOpened ?? defaultLibraryRoot(videosDir());
  // Only the very first run (no library named, none ever opened) creates the default library; a
  // library that cannot be opened becomes the renderer's "Library not found" screen.
  const firstRun = process.env.RECLIB_LIBRARY === undefined && known.lastOpened === null && known.libraries.length === 0;
  const lib = await core.start(root, { create: firstRun });
  if (lib) await settings.rememberLibrary(lib.root);

  let win: BrowserWindow | null = null;
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

  protocol.handle('reclib-media', async (request) => {
    const url = new URL(request.url);
    const target = parseMediaPath(url.pathname);
    if (!target || !core.isOpen) return new Response('not found', { status: 404 });
    const res = serveMedia(core.lib, target.id, target.kind, request.headers.get('range'));
    const body = res.body === null ? null : typeof res.body === 'string' ? res.body : (Readable.toWeb(res.body) as ReadableStream);
    return new Response(body, { status: res.status, headers: res.headers });
  });

  const rendererUrl = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(path.join(here, '../renderer/index.html')).href;
  const rendererOrigin = process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(path.join(here, '../renderer/')).href;
  const unbind = bindIpc(core, platform, settings, log, rendererOrigin);

  const createWindow = () => {
    win = new BrowserWindow({
      width: 1280,
      height: 820,
      minWidth: 900,
      minHeight: 560,
      title: 'Reclib',
      show: false,
      webPreferences: { preload: path.join(here, '../preload/index.cjs'), sandbox: true, contextIsolation: true, nodeIntegration: false },
    });
    win.once('ready-to-show', () => win?.show());
    // Links never open inside the app window.
    win.webContents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https:')) void shell.openExternal(url);
      return { action: 'deny' };
    });
    win.webContents.on('will-navigate', (e, url) => {
      if (!url.startsWith(rendererOrigin)) e.preventDefault();
    });
    void win.loadURL(rendererUrl);
    win.on('closed', () => {
      win = null;
    });
  };
  createWindow();

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Quitting waits for running jobs to stop and undo themselves before the catalog closes.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    unbind();
    void core.closeAsync().finally(() => {
      closed = true;
      app.quit();
    });
  });
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

