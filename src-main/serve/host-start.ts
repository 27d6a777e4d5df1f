/**
 * What `reclib serve` needs to start its core host, kept apart from the HTTP server (routes, the
 * WebSocket library): the command forks the host first and loads the server while the host loads
 * its own code, so on two cores both start at once instead of one after the other (issue 13).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkHost, HostClient } from '../host/client';
import type { HostOptions } from '../host/protocol';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Where the browser mode keeps app-level settings by default (Electron's userData in the app):
 * RECLIB_USER_DATA when set, as the app and the CLI honour it, so all three agree on the library.
 */
export function webUserData(): string {
  if (process.env.RECLIB_USER_DATA) return path.resolve(process.env.RECLIB_USER_DATA);
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), 'Reclib (web)');
}

function firstExisting(candidates: string[], probe: string): string | null {
  return candidates.find((c) => fs.existsSync(path.join(c, probe))) ?? null;
}

/** The built renderer: $RECLIB_RENDERER_DIR, out/renderer beside out/main in a build, or the repository's out/ from source. */
export function rendererDir(): string | null {
  if (process.env.RECLIB_RENDERER_DIR) return process.env.RECLIB_RENDERER_DIR;
  return firstExisting([path.resolve(here, '../renderer'), path.resolve(here, '../../renderer'), path.resolve(here, '../../out/renderer')], 'index.html');
}

/** The built page's folder, or an error that says to build it. */
export function requireRenderer(dir: string | null | undefined = rendererDir()): string {
  if (!dir || !fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`The Reclib page is not built (${dir ?? 'out/renderer'}/index.html is missing): run \`npm run build\` first.`);
  }
  return dir;
}

function resourcesDir(): string {
  return firstExisting([path.resolve(here, '../../resources'), path.resolve(here, '../../../resources')], 'thumbnails') ?? path.resolve(here, '../../resources');
}

export interface ServeHostOptions {
  /** The library named by the person; null: the remembered one, else the default (created on the first run only). */
  library: string | null;
  /** App-level settings and the upload staging area; ~/.config/Reclib (web) by default. */
  userData?: string;
  /** Folder for reclib.log; userData by default. */
  logDir?: string | null;
  /** Create the default library when nothing was named or ever opened (as the app does). */
  firstRunCreates?: boolean;
  /** Extra environment for the host process. */
  hostEnv?: NodeJS.ProcessEnv;
}

/**
 * The library the host will open for these options, worked out as the host does (start-target.ts),
 * so `reclib serve` can name it on its first line without waiting for the host to report.
 */
export async function serveLibraryRoot(opts: ServeHostOptions): Promise<string> {
  if (opts.library !== null) return path.resolve(opts.library);
  const [{ AppSettingsStore }, { startTarget }] = await Promise.all([import('../core/settings/app-settings'), import('../host/start-target')]);
  const settings = new AppSettingsStore(opts.userData ?? webUserData()).read();
  return path.resolve(startTarget({ named: null, settings, videosDir: videosDir(), firstRunCreates: opts.firstRunCreates ?? false }).root);
}

const videosDir = () => path.join(os.homedir(), 'Videos');

/** The host of a browser-mode server, started now; hand it to startServer with the same options. */
export function startServeHost(opts: ServeHostOptions): HostClient {
  const userData = opts.userData ?? webUserData();
  const hostOptions: HostOptions = {
    library: opts.library === null ? null : path.resolve(opts.library),
    userData,
    videosDir: videosDir(),
    logDir: opts.logDir === undefined ? userData : opts.logDir,
    resources: resourcesDir(),
    owner: 'Reclib in the browser (reclib serve)',
    firstRunCreates: opts.firstRunCreates ?? false,
  };
  return new HostClient(forkHost(hostOptions, { env: opts.hostEnv }));
}
