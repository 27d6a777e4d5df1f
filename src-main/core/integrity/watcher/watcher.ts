/**
 * The library watcher behind one small interface (start/stop/health). The scanner is the truth;
 * the watcher only turns outside changes into small scans sooner. When watching fails (ENOSPC:
 * inotify watches exhausted, EMFILE: too many open files) it says why in plain words and falls
 * back to periodic full scans.
 */
import path from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import type { WatcherHealth } from '@shared/channels/integrity';
import { PART_SUFFIX } from '../../storage/fsops';
import { CATALOG_FILE, LOCK_FILE } from '../../storage/paths';
import { OwnWrites } from '../../storage/expected-writes';
import { errorMessage } from '@shared/errors';

export interface LibraryWatcher {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): WatcherHealth;
}

export interface WatcherOptions {
  root: string;
  /** Relative paths that changed (files), and whether folders changed (then a full scan is wiser). */
  onBatch(rels: string[], foldersChanged: boolean): Promise<void>;
  /** A full scan, run periodically when watching is not possible. */
  fallbackScan(): Promise<void>;
  debounceMs?: number;
  /** How long a growing file must stay the same size before it counts (large copies in progress). */
  stableMs?: number;
  fallbackEveryMin?: number;
  /** 'files': every file (chokidar default); 'dirs': folders only, files learned from folder events. */
  depth?: number;
}

const IGNORED_TOPS = new Set(['temp', 'shared', 'legacy']);

/** Whether an absolute path under root is none of the watcher's business. */
export function isIgnoredPath(root: string, abs: string): boolean {
  const rel = path.relative(root, abs);
  if (rel === '') return false;
  const parts = rel.split(path.sep);
  const top = parts[0]!;
  if (IGNORED_TOPS.has(top)) return true;
  const base = parts[parts.length - 1]!;
  if (parts.length === 1 && (base.startsWith(CATALOG_FILE) || base === LOCK_FILE)) return true;
  return base.endsWith(PART_SUFFIX);
}

export function explainWatchError(code: string, message: string): { code: string; message: string; fix: string } {
  if (code === 'ENOSPC') {
    return {
      code,
      message: 'The system ran out of file watches (this is not about disk space).',
      fix: 'Raise the limit, e.g. on Linux: `sudo sysctl fs.inotify.max_user_watches=524288` (add it to /etc/sysctl.conf to keep it), then restart Reclib. Until then Reclib re-scans the library periodically.',
    };
  }
  if (code === 'EMFILE' || code === 'ENFILE') {
    return {
      code,
      message: 'Too many files are open for the watcher.',
      fix: 'Raise the open-files limit (e.g. `ulimit -n 65536`, or LimitNOFILE in your session settings), then restart Reclib. Until then Reclib re-scans the library periodically.',
    };
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return { code, message, fix: 'Give your user read access to the library folder. Until then Reclib re-scans the library periodically.' };
  }
  return { code, message, fix: 'Reclib re-scans the library periodically instead; restart Reclib to try watching again.' };
}

/** The error code and message of anything a watcher throws or emits. */
export function errorFacts(err: unknown): { code: string; message: string } {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : 'EUNKNOWN';
  return { code, message: errorMessage(err) };
}

/** A timer for the periodic scans that replace a failed watch; it never keeps the process alive. */
export function everyMinutes(minutes: number, tick: () => void): ReturnType<typeof setInterval> {
  const t = setInterval(tick, minutes * 60_000);
  t.unref();
  return t;
}

export class ChokidarLibraryWatcher implements LibraryWatcher {
  private watcher: FSWatcher | null = null;
  private pending = new Set<string>();
  private foldersChanged = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private fallbackTimer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<void> = Promise.resolve();
  private state: WatcherHealth = { mode: 'stopped', watching: false, watchedPaths: 0, lastError: null, fallbackEveryMin: null, lastChangeAt: null };
  private readonly own = new OwnWrites();

  constructor(private readonly opts: WatcherOptions) {}

  private active = false;

  async start(): Promise<void> {
    if (this.watcher || this.fallbackTimer) return;
    this.active = true;
    this.state = { ...this.state, mode: 'starting' };
    const root = this.opts.root;
    const stableMs = this.opts.stableMs ?? 1000;
    const w = watch(root, {
      ignoreInitial: true,
      followSymlinks: false,
      depth: this.opts.depth,
      ignored: (p: string) => isIgnoredPath(root, p),
      awaitWriteFinish: stableMs > 0 ? { stabilityThreshold: stableMs, pollInterval: Math.min(250, stableMs) } : false,
      atomic: false,
    });
    this.watcher = w;
    const onFile = (p: string) => this.queue(p, false);
    const onDir = (p: string) => this.queue(p, true);
    w.on('add', onFile).on('change', onFile).on('unlink', onFile).on('addDir', onDir).on('unlinkDir', onDir);
    w.on('error', (err: unknown) => void this.fail(err));
    await new Promise<void>((resolve) => {
      w.once('ready', () => resolve());
      w.once('error', () => resolve());
    });
    if (this.watcher === w) this.state = { ...this.state, mode: 'watching', watching: true, lastError: null, fallbackEveryMin: null };
  }

  async stop(): Promise<void> {
    this.active = false;
    this.own.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.fallbackTimer) clearInterval(this.fallbackTimer);
    this.fallbackTimer = null;
    const w = this.watcher;
    this.watcher = null;
    this.pending.clear();
    await w?.close();
    await this.running.catch(() => undefined);
    this.state = { ...this.state, mode: 'stopped', watching: false, watchedPaths: 0, fallbackEveryMin: null };
  }

  health(): WatcherHealth {
    if (this.watcher) {
      const watched = this.watcher.getWatched();
      let n = 0;
      for (const dir of Object.keys(watched)) n += 1 + (watched[dir]?.length ?? 0);
      this.state.watchedPaths = n;
    }
    return { ...this.state };
  }

  private queue(abs: string, isDir: boolean): void {
    if (!this.active || this.own.hold(abs, () => this.queue(abs, isDir))) return;
    const rel = path.relative(this.opts.root, abs).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) return;
    if (isDir) this.foldersChanged = true;
    else this.pending.add(rel);
    this.state.lastChangeAt = new Date().toISOString();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.opts.debounceMs ?? 400);
  }

  private flush(): void {
    this.timer = null;
    const rels = [...this.pending];
    const folders = this.foldersChanged;
    this.pending.clear();
    this.foldersChanged = false;
    // Batches run one after another so two scans never apply at once.
    this.running = this.running.then(() => this.opts.onBatch(rels, folders)).catch(() => undefined);
  }

  private async fail(err: unknown): Promise<void> {
    if (!this.active) return; // errors of a watcher being closed (its folder removed) are no news
    const { code, message } = errorFacts(err);
    if (!['ENOSPC', 'EMFILE', 'ENFILE'].includes(code) && this.watcher) {
      // One unreadable folder is worth reporting, not worth giving up the watch for.
      this.state = { ...this.state, lastError: explainWatchError(code, message) };
      return;
    }
    const w = this.watcher;
    this.watcher = null;
    await w?.close().catch(() => undefined);
    const every = this.opts.fallbackEveryMin ?? 10;
    this.state = { ...this.state, mode: 'fallback', watching: false, watchedPaths: 0, lastError: explainWatchError(code, message), fallbackEveryMin: every };
    this.fallbackTimer ??= everyMinutes(every, () => {
      this.running = this.running.then(() => this.opts.fallbackScan()).catch(() => undefined);
    });
  }
}
