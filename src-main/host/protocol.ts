/**
 * The messages between the core host process and whoever started it (Electron's main process or
 * `reclib serve`). Requests carry contract channel names and payloads unchanged; the host answers
 * each in the contract's envelope. Plain data only: it crosses a MessagePort or Node's IPC pipe.
 */
import type { Envelope } from '@shared/channel';
import type { EventName } from '@shared/contract';

/**
 * Where the host is in its start. 'opening' and 'recovering' are what the window says while it
 * waits ("Opening library…", "Finishing interrupted work…"); requests sent meanwhile wait for 'ready'.
 */
export type HostPhase = 'starting' | 'opening' | 'recovering' | 'ready' | 'stopping';

export interface HostStatus {
  phase: HostPhase;
  /** The library the host was asked to open. */
  root: string;
  /** Once ready: whether it opened, or is the "Library not found" screen. */
  library: 'open' | 'unavailable' | 'none' | null;
  /** Where the host writes its log: an error page names it. */
  logFile: string | null;
}

/** What a host is started with (the RECLIB_HOST_OPTIONS environment variable, as JSON). */
export interface HostOptions {
  /** The library named by the person (--library, RECLIB_LIBRARY); null: remembered or default. */
  library: string | null;
  /** App-level settings (known libraries, last opened) live here. */
  userData: string;
  /** The folder whose "Reclib Library" is the default library. */
  videosDir: string;
  /** Folder for reclib.log; none when null. */
  logDir: string | null;
  /** Default templates' thumbnails. */
  resources: string;
  /** Who holds the writer lock, as people read it. */
  owner: string;
  /** Create the library when nothing was ever opened and none was named (the first run). */
  firstRunCreates: boolean;
}

export type ToHost =
  | { t: 'request'; id: number; channel: string; payload: unknown }
  | { t: 'media'; id: number; path: string; range: string | null }
  | { t: 'platform:reply'; id: number; value: unknown }
  | { t: 'activity'; id: number }
  | { t: 'stop'; id: number }
  | { t: 'env'; id: number; set: Record<string, string | null> };

/** A media answer: the host names the file (and range); the relay streams it itself. */
export interface MediaReply {
  status: number;
  headers: Record<string, string>;
  text: string | null;
  file: { path: string; start: number; end: number } | null;
}

export interface Activity {
  /** Jobs queued or running: quitting now would stop them. */
  running: { id: number; title: string }[];
}

export type FromHost =
  | { t: 'status'; status: HostStatus }
  | { t: 'reply'; id: number; envelope: Envelope<unknown> }
  | { t: 'media:reply'; id: number; reply: MediaReply }
  | { t: 'activity:reply'; id: number; activity: Activity }
  | { t: 'event'; name: EventName; payload: unknown }
  | { t: 'platform'; id: number; op: 'pick' | 'reveal'; args: unknown[] }
  | { t: 'stopped'; id: number }
  | { t: 'env:reply'; id: number };

/** The one environment variable that carries HostOptions to a new host. */
export const HOST_OPTIONS_ENV = 'RECLIB_HOST_OPTIONS';

/**
 * Test-only: when set to a phase name, the host holds there until it gets { t: 'env', set: {} }
 * with RECLIB_HOST_HOLD cleared, so a test can send requests while the host is in that phase.
 */
export const HOST_HOLD_ENV = 'RECLIB_HOST_HOLD';
