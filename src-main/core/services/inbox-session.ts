/**
 * The inbox while a library is open: one watcher per folder, and the import of each entry once it
 * held still. Imports go through the job queue as `import` jobs (as a manual import does), one at a
 * time; the importer's hash check and tombstones keep content the library has (or had) out, and
 * inbox_seen keeps an entry that was handled from being handled again, across restarts.
 */
import path from 'node:path';
import type { InboxFolder, InboxFolderStatus, InboxOutcome } from '@shared/inbox';
import type { Library } from '../catalog/library';
import { countSeen, inboxFolderById, listInboxFolders, recordSeen, seenSignature } from '../catalog/repositories/inbox';
import { UnavailableError } from '../catalog/availability';
import { CancelledError, type JobQueue } from '../jobs/queue';
import { resolveMediaTools } from '../tools/binaries';
import { errorMessage } from '@shared/errors';
import type { Signature } from '../inbox/entries';
import { InboxFolderWatcher } from '../inbox/folder-watcher';
import type { FolderPresence } from '../inbox/availability';
import { addInboxFolder, type InboxFolderInput, removeInboxFolder } from '../inbox/folders';

export interface InboxOptions {
  /** Overrides the library's setting (inbox.stableMs); for tests and benchmarks. */
  stableMs?: number;
  presenceMs?: number;
  rescanMs?: number;
  /** A listener from the start, so the first look at each folder is heard too (`reclib watch`). */
  onActivity?: (a: InboxActivity) => void;
}

/** What `reclib watch` prints and the app could show: each change of an entry or a folder. */
export type InboxActivity =
  | { event: 'waiting'; folder: string; name: string; size: number; first: boolean }
  | ({ event: 'handled' } & InboxOutcome)
  | { event: 'online' | 'offline'; folder: string; reason: string | null };

export class InboxService {
  private readonly watchers = new Map<number, InboxFolderWatcher>();
  private readonly listeners = new Set<(a: InboxActivity) => void>();
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private started: Promise<void> | null = null;

  constructor(
    private readonly lib: Library,
    private readonly queue: JobQueue,
    private readonly opts: InboxOptions = {},
  ) {
    if (opts.onActivity) this.listeners.add(opts.onActivity);
  }

  onActivity(listener: (a: InboxActivity) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private tell(a: InboxActivity): void {
    for (const l of this.listeners) {
      try {
        l(a);
      } catch (err) {
        this.lib.log.warn('an inbox listener failed', { error: errorMessage(err) });
      }
    }
  }

  private stableMs(): number {
    return this.opts.stableMs ?? this.lib.settings().inbox.stableMs;
  }

  /** Starts watching every folder; settles once each has had its first look. */
  start(): Promise<void> {
    if (this.lib.readonly) return Promise.resolve();
    this.started ??= Promise.all(listInboxFolders(this.lib.sqlite).map((f) => this.watch(f))).then(() => undefined);
    return this.started;
  }

  /** Settles when start() has (resolves at once when it was never called). */
  whenStarted(): Promise<void> {
    return this.started ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.watchers.values()].map((w) => w.stop()));
    this.watchers.clear();
    await this.chain.catch(() => undefined);
  }

  status(): InboxFolderStatus[] {
    return listInboxFolders(this.lib.sqlite).map((f) => {
      const w = this.watchers.get(f.id);
      const presence = w?.presence ?? null;
      return {
        ...f,
        state: presence?.state ?? 'offline',
        reason: presence ? presence.reason : 'not watched',
        waiting: w?.waiting ?? 0,
        seen: countSeen(this.lib.sqlite, f.id),
      };
    });
  }

  async add(input: InboxFolderInput): Promise<InboxFolder> {
    const f = addInboxFolder(this.lib, input);
    const old = this.watchers.get(f.id);
    if (old) await old.stop();
    this.watchers.delete(f.id);
    if (this.started && !this.stopped) await this.watch(f);
    this.lib.events.emit('library:changed', { reason: 'inbox' });
    return f;
  }

  async remove(p: string): Promise<InboxFolder> {
    const f = removeInboxFolder(this.lib, p);
    await this.watchers.get(f.id)?.stop();
    this.watchers.delete(f.id);
    this.lib.events.emit('library:changed', { reason: 'inbox' });
    return f;
  }

  /** Stops watching the folder of that id; false when there is none. */
  async removeById(id: number): Promise<boolean> {
    const f = inboxFolderById(this.lib.sqlite, id);
    if (!f) return false;
    await this.remove(f.path);
    return true;
  }

  private async watch(folder: InboxFolder): Promise<void> {
    const w = new InboxFolderWatcher(
      folder,
      {
        alreadySeen: (name, sig) => {
          const seen = seenSignature(this.lib.sqlite, folder.id, name);
          return seen !== null && seen.size === sig.size && seen.mtimeMs === sig.mtimeMs;
        },
        onChange: (name, sig, first) => this.tell({ event: 'waiting', folder: folder.path, name, size: sig.size, first }),
        onReady: (name, sig) => this.enqueue(folder.id, name, sig),
        onPresence: (p: FolderPresence) => {
          this.tell({ event: p.state, folder: folder.path, reason: p.reason });
          this.lib.events.emit('library:changed', { reason: 'inbox' });
        },
      },
      { stableMs: () => this.stableMs(), libraryRoot: this.lib.root, presenceMs: this.opts.presenceMs, rescanMs: this.opts.rescanMs },
    );
    this.watchers.set(folder.id, w);
    await w.start();
  }

  /** Entries are imported one after another, in the order they became ready. */
  private enqueue(folderId: number, name: string, sig: Signature): void {
    this.chain = this.chain.then(() => this.handle(folderId, name, sig)).catch((err: unknown) => this.lib.log.error('inbox import failed', { name, error: errorMessage(err) }));
  }

  private async handle(folderId: number, name: string, sig: Signature): Promise<void> {
    if (this.stopped) return;
    // The folder's options as they are now (they may have changed while the entry was written).
    const folder = inboxFolderById(this.lib.sqlite, folderId);
    const w = this.watchers.get(folderId);
    if (!folder || !w) return;
    const abs = path.join(folder.path, name);
    let outcome: InboxOutcome;
    try {
      const tools = resolveMediaTools();
      const job = this.queue.enqueue({
        kind: 'import',
        title: `Inbox: import ${name}`,
        payload: { paths: [abs], move: folder.move, profileId: folder.profileId, force: false },
        run: async (ctx) => {
          // Loaded when an entry is imported: the importer is not needed to open a library (start-up, issue 13).
          const { importPaths } = await import('../import/importer');
          const report = await importPaths(this.lib, [abs], { profileId: folder.profileId, move: folder.move, force: false, tools, signal: ctx.signal, onProgress: ctx.progress });
          ctx.summary({ imported: report.imported.length, skipped: report.skipped, failed: report.failed, importedIds: report.imported.map((r) => r.id), inbox: folder.path });
          return report;
        },
      });
      const report = await job.done;
      const ids = report.imported.map((r) => r.id);
      const reasons = [...report.failed, ...report.skipped].map((r) => `${path.basename(r.path)}: ${r.reason}`);
      outcome = {
        folderId,
        folder: folder.path,
        name,
        outcome: ids.length ? 'imported' : report.failed.length ? 'failed' : 'skipped',
        recordingIds: ids,
        reason: reasons.length ? reasons.join('; ') : ids.length ? null : 'no recordings in it',
      };
    } catch (err) {
      // Not a verdict on the entry: the library went away or the app is closing. Look again later.
      if (err instanceof UnavailableError || err instanceof CancelledError || this.stopped) {
        if (!this.stopped) w.retry(name);
        return;
      }
      outcome = { folderId, folder: folder.path, name, outcome: 'failed', recordingIds: [], reason: errorMessage(err) };
    }
    recordSeen(this.lib.sqlite, outcome, sig);
    this.tell({ event: 'handled', ...outcome });
    if (outcome.recordingIds.length) void this.followUp(folder, outcome.recordingIds);
  }

  /**
   * "Process after import" and "transcribe after import": queued, never awaited by the inbox. A
   * folder that does not process still lets a matching template's "auto-process" do so, as a manual import would.
   */
  private async followUp(folder: InboxFolder, ids: number[]): Promise<void> {
    try {
      // Processing and transcription code loads on the first follow-up, not when the library opens.
      const [{ startProcessing }, { processAfterImport }, { startTranscription }, { defaultDataDir }] = await Promise.all([
        import('./processing'),
        import('./auto-process'),
        import('./transcription'),
        import('./data-dir'),
      ]);
      const tools = resolveMediaTools();
      const engineCtx = { dataDir: defaultDataDir(), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe };
      if (!folder.process) {
        const auto = await processAfterImport(this.lib, this.queue, tools, engineCtx, ids);
        if (folder.transcribe) await auto.finished;
      } else {
        const queued = await startProcessing(this.lib, this.queue, tools, { ids });
        if (folder.transcribe) await Promise.allSettled([...queued.done.values()]);
      }
      if (folder.transcribe && !this.stopped) {
        await startTranscription(this.lib, this.queue, engineCtx, { ids });
      }
    } catch (err) {
      this.lib.log.warn('inbox: could not queue the work after import', { folder: folder.path, error: errorMessage(err) });
    }
  }
}
