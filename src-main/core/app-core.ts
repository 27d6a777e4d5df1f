/**
 * The running app's core: the open library, its job queue and the event stream the UI listens
 * to. Electron's main process, the web harness and tests build one of these; none of it needs
 * Electron. Switching libraries closes the old one cleanly (jobs cancelled, lock released).
 */
import type { EventName, EventPayload } from '../../src-shared/contract';
import path from 'node:path';
import { EVENT_NAMES } from '../../src-shared/contract';
import { JobQueue } from './jobs/queue';
import { recoverImports } from './library/import/recover';
import { CoreEvents } from './library/events';
import { type IntegrityOptions, IntegrityService } from './library/integrity';
import { Library } from './library/library';
import type { Logger } from './log/logger';
import { recoverProcessing } from './media/commit';

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
}

export class AppCore {
  readonly events = new CoreEvents();
  private current: { lib: Library; queue: JobQueue; integrity: IntegrityService; unsubscribe: () => void } | null = null;

  constructor(private readonly opts: AppCoreOptions) {}

  /**
   * Opens a library (creating it when new) and makes it current. The new one is opened before the
   * old one closes, so a library that cannot be opened leaves the current one in place; work
   * interrupted by a crash (imports, processing) is finished or undone before anything else runs.
   */
  async open(root: string): Promise<Library> {
    if (this.current && this.current.lib.root === path.resolve(root)) return this.current.lib;
    const lib = Library.open(root, { create: true, writer: this.opts.owner, log: this.opts.log, onCreate: this.opts.onLibraryCreated });
    try {
      await recoverImports(lib);
      await recoverProcessing(lib);
    } catch (err) {
      lib.close();
      throw err;
    }
    await this.closeAsync();
    const queue = new JobQueue(lib, lib.settings().processing.concurrency);
    const unsubscribe = lib.events.onAny(<E extends EventName>(name: E, payload: EventPayload<E>) => this.events.emit(name, payload), EVENT_NAMES);
    const integrity = new IntegrityService(lib, queue, this.opts.integrity);
    this.current = { lib, queue, integrity, unsubscribe };
    this.events.emit('library:changed', { reason: 'opened' });
    integrity.start();
    return lib;
  }

  get lib(): Library {
    if (!this.current) throw new Error('No library is open');
    return this.current.lib;
  }

  get queue(): JobQueue {
    if (!this.current) throw new Error('No library is open');
    return this.current.queue;
  }

  get integrity(): IntegrityService {
    if (!this.current) throw new Error('No library is open');
    return this.current.integrity;
  }

  get isOpen(): boolean {
    return this.current !== null;
  }

  /**
   * Closes the current library: jobs are cancelled and allowed to undo themselves, scans and the
   * watcher stop, and only then the catalog closes and the writer lock is released.
   */
  async closeAsync(): Promise<void> {
    if (!this.current) return;
    const { lib, queue, integrity, unsubscribe } = this.current;
    this.current = null;
    queue.cancelAll();
    await queue.idle();
    unsubscribe();
    await integrity.stop();
    lib.close();
  }
}
