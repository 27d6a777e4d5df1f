/**
 * The one recovery. A process killed mid-write leaves traces in the catalog (journal rows, rows in
 * transit, jobs marked running) and on disk (part files, set-aside outputs, scratch folders). When a
 * library is opened for writing — by the app, the web host, any CLI command — `recover()` runs once,
 * before anything else, and walks them kind by kind; nothing else in the app recovers.
 *
 * It runs only where it can be sure the work is dead and the disk is the real one: the library is
 * writable, this process holds the one-writer lock (so no other process is in the middle of that
 * work), and the library is online (an offline library changes nothing, DESIGN §3). Every kind is
 * convergent: recovering twice, or being killed while recovering, is harmless.
 *
 * Each journal row belongs to the writer that made it (its `op`): an import's recovery never touches
 * a migration's rows or its reserved recordings, and a migration's journal is its own resume state.
 */
import type { Logger } from '../log/logger';
import { checkAvailability } from '../catalog/availability';
import { Library } from '../catalog/library';
import { LockedError } from '../catalog/writer-lock';
import { recoverImports } from '../import/recover';
import { recoverProcessing } from '@core/outputs/recover';
import { LibraryReadOnlyError } from '../storage/writable';
import { recoverPurges } from '../trash/trash';
import { recoverQuarantines } from '../trash/quarantine';
import { errorMessage } from '@shared/errors';
import { anyUnfinishedWork, cancelApplyingMigrationRuns, interruptLiveJobs } from '@core/catalog/repositories/recovery';

export interface RecoveryReport {
  /** Why nothing was recovered although something was left (read-only, offline); null otherwise. */
  skipped: string | null;
  imports: number;
  processing: number;
  purges: number;
  /** Moves into trash/ a cleanup was killed in: finished and registered, or found never done. */
  quarantines: number;
  /** Migration runs found `applying` with no process behind them: marked interrupted (cancelled), resumable. */
  migrations: number;
  /** Jobs found running or queued with no process behind them: marked interrupted, resumable. */
  jobs: number;
  /** Kinds that could not be finished (left for the next open), with why. */
  failed: string[];
}

const NOTHING: Readonly<RecoveryReport> = { skipped: null, imports: 0, processing: 0, purges: 0, quarantines: 0, migrations: 0, jobs: 0, failed: [] };

/** Whether a kill left anything behind (a few indexed lookups: cheap enough for every open). */
export function hasUnfinishedWork(lib: Library): boolean {
  return anyUnfinishedWork(lib.sqlite);
}

/**
 * Whether the library at `root` has work a kill left behind, looked up read-only. Any doubt (no
 * library, damaged, unreadable) answers false: the real open then says what is wrong, in its words.
 */
export function hasUnfinishedWorkAt(root: string, log: Logger): boolean {
  try {
    const ro = Library.open(root, { log });
    try {
      return hasUnfinishedWork(ro);
    } finally {
      ro.close();
    }
  } catch {
    return false;
  }
}

/** A migration run left `applying` by a dead process is interrupted; its journal stays for the resume or undo. */
function interruptMigrations(lib: Library): number {
  return cancelApplyingMigrationRuns(lib.sqlite);
}

/** Jobs a dead process left running or queued: interrupted, so a person can run them again. */
function interruptJobs(lib: Library): number {
  return interruptLiveJobs(lib.sqlite, 'Reclib stopped while this job was running', Date.now());
}

/**
 * Finishes or undoes what a killed process left, kind by kind. Call right after opening a library
 * with the writer lock, before any other work; `lib` must not be shared with running work.
 */
export async function recover(lib: Library): Promise<RecoveryReport> {
  if (lib.readonly || !hasUnfinishedWork(lib)) return { ...NOTHING, failed: [] };
  const avail = checkAvailability(lib);
  if (avail.state !== 'online') {
    // Rolling back over a missing users/ would forget rows and write a new folder: wait for the disk.
    lib.log.warn('interrupted work is left as it is until the library is available', { reason: avail.reason });
    return { ...NOTHING, failed: [], skipped: `the library is ${avail.state}: ${avail.reason ?? ''}` };
  }
  const report: RecoveryReport = { ...NOTHING, failed: [] };
  // Kind by kind; one that fails is logged and left for the next open, the others still run.
  const kind = async (name: string, fn: () => Promise<number> | number): Promise<number> => {
    try {
      return await fn();
    } catch (err) {
      lib.log.error('could not finish interrupted work; the next open tries again', { kind: name, error: errorMessage(err) });
      report.failed.push(`${name}: ${errorMessage(err)}`);
      return 0;
    }
  };
  report.jobs = await kind('jobs', () => interruptJobs(lib));
  report.imports = await kind('imports', () => recoverImports(lib));
  report.processing = await kind('processing', () => recoverProcessing(lib));
  report.purges = await kind('purges', () => recoverPurges(lib));
  report.quarantines = await kind('quarantines', () => recoverQuarantines(lib));
  report.migrations = await kind('migrations', () => interruptMigrations(lib));
  const total = report.imports + report.processing + report.purges + report.quarantines + report.migrations + report.jobs;
  if (total) lib.log.info('recovered interrupted work', { imports: report.imports, processing: report.processing, purges: report.purges, quarantines: report.quarantines, migrations: report.migrations, jobs: report.jobs });
  return report;
}

/**
 * For a command that only reads: when a kill left work behind and nobody is writing now, take the
 * writer lock for a moment and recover, so what it then reads is whole. A library someone else is
 * writing, a read-only one, or one whose recovery fails is read as it is: reading never fails
 * because of recovery.
 */
export async function recoverBeforeReading(root: string, log: Logger): Promise<void> {
  if (!hasUnfinishedWorkAt(root, log)) return;
  let lib: Library;
  try {
    lib = Library.open(root, { writer: 'reclib (recovery)', log });
  } catch (err) {
    if (!(err instanceof LockedError) && !(err instanceof LibraryReadOnlyError)) log.debug('recovery skipped', { error: errorMessage(err) });
    return;
  }
  try {
    await recover(lib);
  } catch (err) {
    log.warn('could not finish interrupted work; the next command that writes tries again', { error: errorMessage(err) });
  } finally {
    lib.close();
  }
}
