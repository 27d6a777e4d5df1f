/**
 * Watches one inbox folder: chokidar says soon which top-level entry changed, a listing at start
 * and every `rescanMs` catches what events missed (the listing is the truth, events are hints, as
 * with the library watcher), and a tick re-stats the entries still changing until they hold still.
 */
import path from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import type { InboxFolder } from '@shared/inbox';
import { listEntries, type Signature, signatureOf, topEntryOf } from './entries';
import { StabilityTracker } from './stability';
import { folderPresence, type FolderPresence } from './availability';

export interface FolderWatcherHooks {
  /** Whether this entry with this signature was handled already (then it is not waited on again). */
  alreadySeen(name: string, sig: Signature): boolean;
  /** An entry changed (first: it was just found). */
  onChange(name: string, sig: Signature, first: boolean): void;
  /** An entry held still for the whole window; the watcher does not look at it again until it changes. */
  onReady(name: string, sig: Signature): void;
  onPresence(p: FolderPresence): void;
}

export interface FolderWatcherOptions {
  stableMs: () => number;
  /** The library the folder imports into: a folder nested with it is not watched. */
  libraryRoot?: string;
  /** How often the folder's presence is checked. */
  presenceMs?: number;
  /** How often the whole folder is listed again (events can be missed). */
  rescanMs?: number;
}

export class InboxFolderWatcher {
  private readonly tracker: StabilityTracker;
  private watcher: FSWatcher | null = null;
  private tick: ReturnType<typeof setInterval> | null = null;
  private presenceTimer: ReturnType<typeof setInterval> | null = null;
  private lastRescan = 0;
  private stopped = false;
  /** Entries handed to onReady and not changed since (the import may still be running). */
  private readonly handed = new Map<string, Signature>();
  presence: FolderPresence = { state: 'offline', reason: 'not started', identity: null };

  constructor(
    readonly folder: InboxFolder,
    private readonly hooks: FolderWatcherHooks,
    private readonly opts: FolderWatcherOptions,
  ) {
    this.tracker = new StabilityTracker(opts.stableMs);
  }

  get waiting(): number {
    return this.tracker.size;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.checkPresence();
    this.presenceTimer = setInterval(() => void this.checkPresence(), this.opts.presenceMs ?? 2000);
    // A short window wants a fine tick; a long one does not need it. Never coarser than a second.
    const every = Math.max(50, Math.min(1000, Math.floor(this.opts.stableMs() / 5)));
    this.tick = setInterval(() => this.onTick(), every);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.tick) clearInterval(this.tick);
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.tick = this.presenceTimer = null;
    await this.unwatch();
    this.tracker.clear();
  }

  /** The import of a handed entry ended without a verdict (library offline, cancelled): look again. */
  retry(name: string): void {
    this.handed.delete(name);
    this.note(name);
  }

  private async checkPresence(): Promise<void> {
    if (this.stopped) return;
    const now = folderPresence(this.folder.path, this.opts.libraryRoot);
    const prev = this.presence;
    this.presence = now;
    if (now.state === prev.state && now.identity === prev.identity && now.reason === prev.reason) return;
    if (now.state === 'offline') {
      // Nothing is forgotten: only the watch stops. What was changing is looked at again when it returns.
      await this.unwatch();
      this.tracker.clear();
      this.handed.clear();
      if (!this.stopped) this.hooks.onPresence(now);
    } else {
      await this.unwatch();
      await this.watchNow();
      if (this.stopped) return;
      this.hooks.onPresence(now);
      this.rescan();
    }
  }

  private async watchNow(): Promise<void> {
    const w = watch(this.folder.path, { ignoreInitial: true, followSymlinks: false, depth: 3, atomic: false });
    this.watcher = w;
    const hint = (p: string) => {
      const name = topEntryOf(this.folder.path, p);
      if (name) this.note(name.normalize('NFC'));
    };
    w.on('add', hint).on('change', hint).on('addDir', hint).on('unlink', hint).on('unlinkDir', hint);
    // A watch error (a folder that went away, no inotify watches left) is covered by the rescans.
    w.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      w.once('ready', () => resolve());
      w.once('error', () => resolve());
    });
  }

  private async unwatch(): Promise<void> {
    const w = this.watcher;
    this.watcher = null;
    await w?.close().catch(() => undefined);
  }

  private rescan(): void {
    this.lastRescan = Date.now();
    for (const name of listEntries(this.folder.path)) this.note(name);
  }

  /** Starts (or continues) waiting on an entry, unless it is exactly as handled before. */
  private note(name: string): void {
    if (this.stopped || this.presence.state !== 'online' || this.tracker.has(name)) return;
    const sig = signatureOf(path.join(this.folder.path, name));
    if (!sig) return;
    const handed = this.handed.get(name);
    if (handed && handed.size === sig.size && handed.mtimeMs === sig.mtimeMs && handed.files === sig.files) return;
    if (this.hooks.alreadySeen(name, sig)) return;
    this.handed.delete(name);
    this.observe(name, sig);
  }

  private observe(name: string, sig: Signature | null): void {
    const o = this.tracker.observe(name, sig, Date.now());
    if (o.kind === 'changed') this.hooks.onChange(name, o.sig, o.first);
    else if (o.kind === 'ready') {
      this.handed.set(name, o.sig);
      this.hooks.onReady(name, o.sig);
    }
  }

  private onTick(): void {
    if (this.stopped || this.presence.state !== 'online') return;
    for (const name of this.tracker.names()) this.observe(name, signatureOf(path.join(this.folder.path, name)));
    if (Date.now() - this.lastRescan >= (this.opts.rescanMs ?? 30_000)) this.rescan();
  }
}
