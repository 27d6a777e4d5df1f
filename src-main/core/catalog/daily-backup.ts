/**
 * A backup of the catalog at least once a day while a library is open for writing: one at open
 * when the newest is older than a day (or there is none), then a look every hour. The app, the
 * web harness and the CLI's writing commands use it; a backup that fails is logged and retried at
 * the next look, and never blocks the work.
 */
import type Database from 'better-sqlite3';
import type { Logger } from '../log/logger';
import { backupCatalog } from './backup';
import { newestBackup } from './backup-files';
import { errorMessage } from '@shared/errors';

export const DAY_MS = 86_400_000;
const LOOK_EVERY_MS = 3_600_000;

export function backupDue(root: string, now = Date.now()): boolean {
  const newest = newestBackup(root);
  return newest === null || now - newest.at.getTime() >= DAY_MS;
}

/** Makes a backup when one is due; logs instead of throwing. Returns the path written, if any. */
export async function backupIfDue(sqlite: Database.Database, root: string, log: Logger): Promise<string | null> {
  if (!backupDue(root)) return null;
  try {
    const b = await backupCatalog(sqlite, root);
    log.info('catalog backed up', { path: b.path });
    return b.path;
  } catch (err) {
    log.warn('the daily catalog backup failed; it is tried again later', { root, error: errorMessage(err) });
    return null;
  }
}

export class DailyBackups {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly root: string,
    private readonly log: Logger,
    private readonly lookEveryMs = LOOK_EVERY_MS,
  ) {}

  start(opts: { lookNow?: boolean } = {}): void {
    if (opts.lookNow !== false) this.look();
    this.timer = setInterval(() => this.look(), this.lookEveryMs);
    this.timer.unref();
  }

  /** The backup running now, if any (tests and shutdown wait on it). */
  idle(): Promise<unknown> {
    return this.running ?? Promise.resolve();
  }

  private look(): void {
    if (this.stopped || this.running) return;
    this.running = backupIfDue(this.sqlite, this.root, this.log).finally(() => {
      this.running = null;
    });
  }

  /** Stops looking and waits for a backup in progress, so the catalog can close under it. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
  }
}
