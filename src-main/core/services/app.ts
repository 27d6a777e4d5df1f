/**
 * The running app's core: the open library, its job queue and the event stream the UI listens
 * to. Electron's main process, the web harness and tests build one of these; none of it needs
 * Electron. Switching libraries closes the old one cleanly (jobs cancelled, lock released).
 */
import type { EventName, EventPayload } from '@shared/contract';
import type { LibraryProblem } from '@shared/domain';
import path from 'node:path';
import { EVENT_NAMES } from '@shared/channel-names';
import { CatalogDamagedError } from '../catalog/check';
import { DailyBackups } from '../catalog/daily-backup';
import { JobQueue } from '../jobs/queue';
import { CoreEvents } from '../catalog/events';
import { type IntegrityOptions, IntegrityService } from './integrity-session';
import { InboxService, type InboxOptions } from './inbox-session';
import { Library } from '../catalog/library';
import { LibraryNotFoundError } from '../catalog/presence';
import { LockedError } from '../catalog/writer-lock';
import type { Logger } from '../log/logger';
import { recover } from './recovery';
import { type RememberMove, resumeUnfinishedMove } from './relocate-session';
import { LibraryReadOnlyError } from '../storage/writable';
import { errorMessage } from '@shared/errors';

export interface Platform {
  /** Native picker; null when cancelled or unavailable (web harness). */
  pick(kind: 'folder' | 'files', title?: string): Promise<string[] | null>;
  /** Shows a file in the system file manager; false when the host cannot. */
  reveal(absPath: string): Promise<boolean>;
}

export const headlessPlatform: Platform = {
  pick: () => Promise.resolve(null),
  reveal: () => Promise.resolve(false),
};

export interface AppCoreOptions {
  log: Logger;
  owner: string;
  onLibraryCreated?: (lib: Library) => void;
  /** Scanner, watcher, root monitor and cleanup schedule; all on by default. */
  integrity?: IntegrityOptions;
  /** The daily catalog backup while a library is open; on by default. */
  dailyBackups?: boolean;
  /** Watched inbox folders (issue 16); on by default, false turns them off. */
  inbox?: InboxOptions | false;
  /**
   * How a finished move of the library is remembered (the host's app settings). A move found
   * unfinished when a library opens is resumed either way (issue 16).
   */
  rememberMove?: RememberMove;
}

/** What the app shows when the library it was asked for cannot be opened (never an error box). */
export function describeProblem(root: string, err: unknown): LibraryProblem {
  const abs = path.resolve(root);
  if (err instanceof LibraryNotFoundError) {
    return {
      root: abs,
      kind: 'not-found',
      reason: err.reason,
      message: `No Reclib library at ${abs}: ${err.reason}. Is the disk mounted? Connect it and choose Retry; if the library moved, locate it.`,
    };
  }
  if (err instanceof CatalogDamagedError) return { root: abs, kind: 'damaged', reason: err.detail, message: err.message };
  if (err instanceof LibraryReadOnlyError) return { root: abs, kind: 'read-only', reason: err.reason, message: err.message };
  if (err instanceof LockedError) return { root: abs, kind: 'locked', reason: `${err.holder.owner} is using it`, message: err.message };
  const message = errorMessage(err);
  return { root: abs, kind: 'failed', reason: message, message };
}

export class AppCore {
  readonly events = new CoreEvents();
  private current: { lib: Library; queue: JobQueue; integrity: IntegrityService; inbox: InboxService; backups: DailyBackups | null; unsubscribe: () => void } | null = null;
  private problem: LibraryProblem | null = null;

  constructor(private readonly opts: AppCoreOptions) {}

  /**
   * Opens an existing library and makes it current; a folder without a catalog is refused
   * (LibraryNotFoundError), never made into a library. The new one is opened before the old one
   * closes, so a library that cannot be opened leaves the current one in place; work interrupted
   * by a crash (imports, processing) is finished or undone before anything else runs.
   */
  async open(root: string): Promise<Library> {
    if (this.current && this.current.lib.root === path.resolve(root)) return this.current.lib;
    return this.adopt(Library.open(root, { writer: this.opts.owner, log: this.opts.log }));
  }

  /** Creates a library at root (or opens the one there): only on an explicit request, or the first run. */
  async create(root: string): Promise<Library> {
    if (this.current && this.current.lib.root === path.resolve(root)) return this.current.lib;
    return this.adopt(Library.open(root, { create: true, writer: this.opts.owner, log: this.opts.log, onCreate: this.opts.onLibraryCreated }), { created: true });
  }

  /**
   * The app's start: opens root, or (`create`, the first run only) creates it. A library that cannot
   * be opened becomes the problem the UI shows (Library not found: Locate, Retry, Create, Open
   * another) instead of an exception; nothing is created for it.
   */
  async start(root: string, opts: { create?: boolean } = {}): Promise<Library | null> {
    try {
      return opts.create ? await this.create(root) : await this.open(root);
    } catch (err) {
      this.problem = describeProblem(root, err);
      this.opts.log.error('could not open the library', { root: this.problem.root, kind: this.problem.kind, error: this.problem.message });
      this.events.emit('library:changed', { reason: 'unavailable' });
      return null;
    }
  }

  /** Tries the library that could not be opened again (the disk may be mounted now); never creates it. */
  async retry(): Promise<Library | null> {
    if (this.current) return this.current.lib;
    if (!this.problem) return null;
    return this.start(this.problem.root);
  }

  /** Open, unavailable (with the reason), or none chosen yet. */
  get status(): { state: 'open'; lib: Library } | { state: 'unavailable'; problem: LibraryProblem } | { state: 'none' } {
    if (this.current) return { state: 'open', lib: this.current.lib };
    if (this.problem) return { state: 'unavailable', problem: this.problem };
    return { state: 'none' };
  }

  private async adopt(lib: Library, how: { created?: boolean } = {}): Promise<Library> {
    let recovery: Awaited<ReturnType<typeof recover>>;
    try {
      recovery = await recover(lib);
    } catch (err) {
      lib.close();
      throw err;
    }
    await this.closeAsync();
    this.problem = null;
    const queue = new JobQueue(lib, lib.settings().processing.concurrency);
    const unsubscribe = lib.events.onAny(<E extends EventName>(name: E, payload: EventPayload<E>) => this.events.emit(name, payload), EVENT_NAMES);
    const integrity = new IntegrityService(lib, queue, this.opts.integrity);
    integrity.recoveryWaits = recovery.skipped !== null;
    const backups = this.opts.dailyBackups === false || lib.readonly ? null : new DailyBackups(lib.sqlite, lib.root, this.opts.log);
    const inbox = new InboxService(lib, queue, this.opts.inbox === false ? {} : this.opts.inbox);
    this.current = { lib, queue, integrity, inbox, backups, unsubscribe };
    this.events.emit('library:changed', { reason: 'opened' });
    integrity.start();
    // Folders come and go on their own; the open does not wait for their first look.
    if (this.opts.inbox !== false) void inbox.start().catch((err: unknown) => this.opts.log.warn('the inbox could not start', { error: errorMessage(err) }));
    // A library made just now has nothing to keep yet: its first backup comes with the first look.
    backups?.start({ lookNow: !how.created });
    // A move of this library that a crash interrupted goes on as a job (after the recovery above).
    void resumeUnfinishedMove(this, this.opts.rememberMove ?? (() => Promise.resolve()), this.opts.log).catch((err: unknown) =>
      this.opts.log.warn('an unfinished move of the library could not be resumed', { error: errorMessage(err) }),
    );
    return lib;
  }

  private need(): NonNullable<AppCore['current']> {
    if (!this.current) throw new Error(this.problem ? this.problem.message : 'No library is open');
    return this.current;
  }

  get lib(): Library {
    return this.need().lib;
  }

  get queue(): JobQueue {
    return this.need().queue;
  }

  get integrity(): IntegrityService {
    return this.need().integrity;
  }

  get inbox(): InboxService {
    return this.need().inbox;
  }

  get isOpen(): boolean {
    return this.current !== null;
  }

  /** The daily backups of the open library (null when off or read-only). */
  get backups(): DailyBackups | null {
    return this.current?.backups ?? null;
  }

  /**
   * Closes the current library: jobs are cancelled and allowed to undo themselves, scans and the
   * watcher stop, and only then the catalog closes and the writer lock is released.
   */
  async closeAsync(): Promise<void> {
    if (!this.current) return;
    const { lib, queue, integrity, inbox, backups, unsubscribe } = this.current;
    this.current = null;
    // No new imports from the inbox while the queue winds down.
    const inboxStopped = inbox.stop();
    queue.cancelAll();
    await queue.idle();
    unsubscribe();
    await inboxStopped;
    await integrity.stop();
    await backups?.stop();
    lib.close();
  }
}
