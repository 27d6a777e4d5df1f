/**
 * Keeps disk and catalog true while a library is open: finishes interrupted purges, scans at
 * start, watches for outside changes, monitors the evidence that the files are there and runs the
 * cleanup schedule. AppCore starts one per open library and stops it on close.
 *
 * The library's state is the monitor's evidence (identity.ts), made `degraded` also by the last
 * scan when it found an unusual share of files missing at once. Not online: jobs pause, the
 * schedule stops, scans and the watcher apply nothing; online again: everything resumes.
 */
import type { ScanReport, WatcherHealth } from '@shared/channels/integrity';
import { CleanupScheduler } from './cleanup-schedule';
import type { JobQueue } from '@core/jobs/queue';
import { type Availability, ONLINE, UnavailableError } from '@core/catalog/availability';
import type { Library } from '@core/catalog/library';
import { RootMonitor } from '@core/integrity/monitor';
import { countFiles } from '@core/catalog/repositories/files/scan';
import { recover } from './recovery';
import { errorMessage } from '@shared/errors';
import { DirLibraryWatcher } from '@core/integrity/watcher/dir-watcher';
import { ChokidarLibraryWatcher, type LibraryWatcher, type WatcherOptions } from '@core/integrity/watcher/watcher';

/** The scanner (and the transcript indexing it brings) loads with the first scan, not with the library (start-up, issue 13). */
const scanner = () => import('@core/integrity/scanner/scan');

export interface IntegrityOptions {
  watch?: boolean;
  schedule?: boolean;
  startupScan?: boolean;
  monitorMs?: number;
  debounceMs?: number;
  stableMs?: number;
  /**
   * chokidar (per-file state) or one fs.watch per folder. 'auto' picks chokidar for libraries up to
   * CHOKIDAR_MAX_FILES registered files; above that chokidar's start-up time and memory grow past
   * the targets (measured: 17.5 s and ~590 MiB at 100,000 files), the folder watcher does not.
   */
  backend?: 'auto' | 'chokidar' | 'dirs';
}

export const CHOKIDAR_MAX_FILES = 10_000;

export class IntegrityService {
  readonly monitor: RootMonitor;
  readonly watcher: LibraryWatcher;
  readonly scheduler: CleanupScheduler;
  private scanning: Promise<ScanReport> | null = null;
  private stopped = false;
  /** The open's recovery found the library unavailable: it runs when the files are back. */
  recoveryWaits = false;
  /** Set when the last scan found the library degraded although the evidence holds. */
  private scanVerdict: Availability | null = null;
  /** The state last acted on (and announced). */
  private shown: Availability = ONLINE;

  constructor(
    private readonly lib: Library,
    private readonly queue: JobQueue,
    private readonly opts: IntegrityOptions = {},
  ) {
    this.monitor = new RootMonitor(lib, () => void this.settle(true), opts.monitorMs ?? 2000);
    const watcherOpts: WatcherOptions = {
      root: lib.root,
      debounceMs: opts.debounceMs,
      stableMs: opts.stableMs,
      onBatch: async (rels, folders) => {
        const evidence = this.monitor.check();
        if (evidence.state === 'offline') return;
        // Not online: only a full scan may tell that things are back (and it applies only if they are).
        const full = folders || evidence.state !== 'online' || this.scanVerdict !== null;
        const report = full ? await this.scan() : await (await scanner()).scanPaths(lib, rels);
        if (!full) this.noteReport(report);
        // Unknown files change no row, but the UI (cleanup counts) should still hear about outside changes.
        if (report.state === 'online') lib.events.emit('library:changed', { reason: 'watcher' });
      },
      fallbackScan: async () => {
        await this.scan();
      },
    };
    const backend = opts.backend ?? 'auto';
    const files = countFiles(lib.sqlite);
    this.watcher =
      backend === 'dirs' || (backend === 'auto' && files > CHOKIDAR_MAX_FILES) ? new DirLibraryWatcher(watcherOpts) : new ChokidarLibraryWatcher(watcherOpts);
    this.scheduler = new CleanupScheduler(lib, queue);
  }

  start(): void {
    if (this.lib.readonly) return;
    this.monitor.start();
    const now = this.availability();
    this.shown = now;
    if (now.state !== 'online') {
      this.queue.pause();
      if (now.state === 'degraded') this.startWatcher();
      return;
    }
    void this.goOnline(false, this.opts.startupScan !== false);
  }

  /** The library's state right now: the evidence, else the last scan's verdict. */
  availability(): Availability {
    const evidence = this.monitor.state;
    if (evidence.state !== 'online') return evidence;
    return this.scanVerdict ?? evidence;
  }

  /** For actions that must not run unless the library is online (processing): checks the evidence now. */
  assertAvailable(): void {
    this.monitor.check();
    const a = this.availability();
    if (a.state !== 'online') throw new UnavailableError(a.reason ?? 'unknown reason', a.state);
  }

  private startWatcher(): void {
    if (this.opts.watch !== false && !this.stopped) void this.watcher.start().catch((err: unknown) => this.lib.log.warn('watcher failed', { error: String(err) }));
  }

  private async goOnline(announce: boolean, scan: boolean): Promise<void> {
    if (this.stopped) return;
    this.queue.resume();
    if (announce) this.lib.events.emit('library:state', { state: 'online', root: this.lib.root, reason: null });
    if (this.recoveryWaits) {
      // The recovery of the open waited for the files (offline then); nothing of ours ran meanwhile.
      this.recoveryWaits = false;
      await recover(this.lib).catch((err: unknown) => this.lib.log.error('could not finish interrupted work', { error: errorMessage(err) }));
    }
    if (scan) await this.scan().catch(() => undefined);
    // The files may have gone again meanwhile: an offline library is not watched.
    if (this.opts.watch !== false && !this.stopped && this.availability().state !== 'offline') await this.watcher.start().catch((err: unknown) => this.lib.log.warn('watcher failed', { error: String(err) }));
    // The scan above may have found the library degraded: then the schedule waits.
    if (this.opts.schedule !== false && !this.stopped && this.availability().state === 'online') this.scheduler.start();
  }

  /** Acts on a change of state: pause and announce, or resume (with a scan when the evidence came back). */
  private async settle(fromEvidence: boolean): Promise<void> {
    if (this.stopped) return;
    const next = this.availability();
    const prev = this.shown;
    if (next.state === prev.state && next.reason === prev.reason) return;
    this.shown = next;
    if (next.state === 'online') {
      // Back after a scan said so: that scan has just run. Back after evidence returned: scan now.
      await this.goOnline(true, fromEvidence);
      return;
    }
    this.queue.pause();
    this.scheduler.stop();
    if (next.state === 'offline') await this.watcher.stop();
    else this.startWatcher();
    this.lib.events.emit('library:state', { state: next.state, root: this.lib.root, reason: next.reason });
  }

  private noteReport(report: ScanReport): void {
    if (report.state === 'degraded' && this.monitor.check().state === 'online') this.scanVerdict = { state: 'degraded', reason: report.reason };
    else if (report.state === 'online') this.scanVerdict = null;
    void this.settle(false);
  }

  /** A full scan (applied); concurrent callers share the one in flight. */
  scan(): Promise<ScanReport> {
    if (!this.scanning) {
      this.scanning = scanner()
        .then((m) => m.scanLibrary(this.lib, { apply: true }))
        .then((r) => {
          this.noteReport(r.report);
          return r.report;
        })
        .finally(() => {
          this.scanning = null;
        });
    }
    return this.scanning;
  }

  /**
   * A scan a person asked for, as a 'scan' job (it runs when no other job does); its summary's
   * `report` is what it found. Applied, it is the shared full scan above; a dry run changes
   * nothing. It runs even when the library is not online (the queue lets scans through then): its
   * report says so, and a scan that finds the files back brings the library online.
   */
  startScan(apply: boolean): { id: number; done: Promise<ScanReport> } {
    return this.queue.enqueue({
      kind: 'scan',
      title: apply ? 'Scan the library' : 'Scan the library (dry run)',
      payload: { apply },
      run: async (ctx) => {
        const report = apply ? await this.scan() : (await (await scanner()).scanLibrary(this.lib, { apply: false, signal: ctx.signal })).report;
        ctx.summary({ report });
        return report;
      },
    });
  }

  health(): WatcherHealth {
    return this.watcher.health();
  }

  /** Stops timers and the watcher without waiting; returns the scan still in flight, if any. */
  stopNow(): Promise<unknown> | null {
    this.stopped = true;
    this.monitor.stop();
    this.scheduler.stop();
    void this.watcher.stop();
    return this.scanning ? this.scanning.catch(() => undefined) : null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.monitor.stop();
    this.scheduler.stop();
    await this.watcher.stop();
    await this.scanning?.catch(() => undefined);
  }
}
