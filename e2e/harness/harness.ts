/**
 * The web harness: `reclib serve`'s server (the built renderer over HTTP and a WebSocket, the real
 * core in its own host process, behind a per-start token) started for Playwright, benchmarks and
 * `npm run web`. The renderer runs in a browser exactly as in Electron.
 */
import { createLogger, type Logger } from '../../src-main/core/log/logger';
import type { HostClient } from '../../src-main/host/client';
import { startServer, webUserData } from '../../src-main/serve/server';

export { webUserData };

export interface HarnessOptions {
  library: string;
  port?: number;
  rendererDir?: string;
  log?: Logger;
  /** Where app-level settings live; ~/.config/Reclib (web) by default. */
  userData?: string;
  browseRoots?: string[];
}

export interface Harness {
  /** The address to open, with this start's token: http://127.0.0.1:N/?token=... */
  url: string;
  /** http://127.0.0.1:N */
  origin: string;
  token: string;
  /** The core host process behind the server. */
  host: HostClient;
  close(): Promise<void>;
}

let current: Harness | null = null;

/** The harness the running test started (a spec that must reach its host, e.g. to change FFMPEG_BIN there). */
export function currentHarness(): Harness {
  if (!current) throw new Error('no web harness is running');
  return current;
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const userData = opts.userData ?? webUserData();
  const server = await startServer({
    library: opts.library,
    port: opts.port ?? 0,
    userData,
    logDir: userData,
    // A test names its library: a missing one is the "Library not found" screen, never created.
    firstRunCreates: false,
    rendererDir: opts.rendererDir,
    browseRoots: opts.browseRoots,
    log: opts.log ?? createLogger({ level: 'warn' }),
  });
  // Ready means the library is open (or known to be unavailable): the first page load does not wait.
  await server.host.whenStatus((s) => s.phase === 'ready');
  const harness: Harness = {
    url: server.url,
    origin: server.origin,
    token: server.token,
    host: server.host,
    close: async () => {
      if (current === harness) current = null;
      await server.close();
    },
  };
  current = harness;
  return harness;
}
