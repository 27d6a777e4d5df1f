/**
 * Undoes a run: removed duplicates are copied back from their kept copy first (while it is still
 * in the library), then each recording's rows and usage are removed in one transaction and its
 * files are moved back to their original paths; profiles and folders the run created go, and every
 * legacy folder (empty ones too) is recreated. Resumable like the apply: each step is convergent.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { JobProgress } from '@shared/jobs';
import type { MigrationPlan, PlanFile, PlanGroup, UndoReport } from '@shared/migrate-plan';
import { assertAvailable } from '../catalog/availability';
import type { Library } from '../catalog/library';
import { removeFileRow } from '../catalog/repositories/files/ledger';
import { countRecordingFiles, fileIdAt } from '../catalog/repositories/files/migration';
import { deleteMigrationJournal, setJournalStep } from '../catalog/repositories/journal/migration';
import { profileInUse, removeEmptyProfile } from '../catalog/repositories/profiles/migration';
import { deleteRecordingRow } from '../catalog/repositories/recordings/migration';
import { exclusive, getRun, setRunState } from '../catalog/repositories/migration-runs';
import { CancelledError } from '../jobs/queue';
import { faultPoint } from '../storage/faults';
import { copyVerified, durableMove, exists, FileOpError, partPath, pruneEmptyDirs, removeEmptyTree } from '../storage/fsops';
import { hashFile } from '../storage/hash';
import { fileKey, type JournalEntry, loadJournal } from './journal';
import { toRelPath } from '../storage/paths';
import { setAsideInTrash } from '../trash/quarantine';

export class UndoError extends Error {
  override name = 'UndoError';
}

type UndoOptions = { signal?: AbortSignal; onProgress?: (p: Partial<JobProgress>) => void };

export function undoRun(lib: Library, runId: string, opts: UndoOptions = {}): Promise<UndoReport> {
  return exclusive(runId, () => undo(lib, runId, opts));
}

/** What an undo carries from step to step. */
interface UndoCtx {
  lib: Library;
  plan: MigrationPlan;
  journal: Map<string, JournalEntry>;
  opts: UndoOptions;
  total: number;
  done: number;
  restored: number;
}

const legacy = (c: UndoCtx, rel: string) => path.join(c.plan.mediaDir, ...rel.split('/'));

/** Whether the apply got as far as this file (its step is past `planned`). */
function touched(c: UndoCtx, gi: number, i: number): boolean {
  const step = c.journal.get(fileKey(gi, i))?.step;
  return step !== undefined && step !== 'planned';
}

function setStep(c: UndoCtx, gi: number, i: number, step: string): void {
  const e = c.journal.get(fileKey(gi, i));
  if (e) setJournalStep(c.lib.sqlite, e.id, step, Date.now());
}

function progress(c: UndoCtx, current: string | null): void {
  c.opts.onProgress?.({ done: c.done, total: c.total, current });
}

async function undo(lib: Library, runId: string, opts: UndoOptions): Promise<UndoReport> {
  // Moving files back while users/ is away would find nothing to move and forget what was there.
  assertAvailable(lib);
  const run = getRun(lib, runId);
  if (!run) throw new UndoError(`There is no migration run ${runId}`);
  if (run.state === 'undone' && run.report) return run.report as UndoReport;
  if (run.state === 'planned') throw new UndoError(`Run ${runId} was only planned: there is nothing to undo`);
  const plan = run.plan;
  setRunState(lib, runId, 'undoing');
  const total = plan.recordings.reduce((a, g) => a + g.files.filter((f) => f.action !== 'leave').length, 0);
  const c: UndoCtx = { lib, plan, journal: loadJournal(lib, runId), opts, total, done: 0, restored: 0 };
  await restoreDuplicates(c);
  for (const [gi, g] of [...plan.recordings.entries()].reverse()) await undoRecording(c, gi, g);
  await removeCreated(c, runId);
  const unaccounted = await checkRestored(plan);
  deleteMigrationJournal(lib.sqlite, runId);
  const report: UndoReport = { runId, restored: c.restored, unaccounted };
  setRunState(lib, runId, 'undone', report);
  progress(c, null);
  lib.events.emit('library:changed', { reason: 'migration undone' });
  return report;
}

/** Step 1: duplicates back from their kept copies (in the library, or already moved back to their legacy path). */
async function restoreDuplicates(c: UndoCtx): Promise<void> {
  const { lib, plan, opts } = c;
  const keptFrom = new Map<string, string>();
  for (const g of plan.recordings) for (const f of g.files) if (f.action === 'move' && f.to) keptFrom.set(f.to, f.from);
  for (const [gi, g] of plan.recordings.entries()) {
    for (const [i, f] of g.files.entries()) {
      if (f.action !== 'dedupe' || !f.to) continue;
      opts.signal?.throwIfAborted();
      if (touched(c, gi, i) && !(await exists(legacy(c, f.from)))) {
        const keptNow = (await exists(lib.paths.abs(f.to))) ? lib.paths.abs(f.to) : legacy(c, keptFrom.get(f.to) ?? f.from);
        // The kept copy may hold other bytes now (processing made that file again since the
        // migration): the duplicate cannot be made from it. The undo goes on without it, and its
        // report names it (checkRestored), instead of stopping half way for ever.
        if (f.hash && !(await holds(keptNow, f.hash, f.bytes))) {
          lib.log.warn('a removed duplicate cannot be restored: its kept copy changed since the migration', { file: f.from });
          await fs.rm(partPath(legacy(c, f.from)), { force: true });
        } else {
          await copyVerified(keptNow, legacy(c, f.from), { signal: opts.signal, expected: f.hash ? { hash: f.hash, size: f.bytes } : undefined });
          faultPoint('undo:dedupe-restored');
        }
      }
      if (touched(c, gi, i)) {
        setStep(c, gi, i, 'restored');
        c.restored++;
      }
      c.done++;
      progress(c, f.from);
    }
  }
}

/** Step 2, one recording: its rows and usage out (one transaction), then its files back. */
async function undoRecording(c: UndoCtx, gi: number, g: PlanGroup): Promise<void> {
  const { lib } = c;
  if (c.opts.signal?.aborted) throw new CancelledError('undo cancelled: apply the undo again to finish it');
  const db = lib.sqlite;
  db.transaction(() => {
    for (const [i, f] of g.files.entries()) {
      if (f.action !== 'move' || f.kind === null || !f.to) continue;
      // A destination that was there before this run is not ours: its row stays.
      if (c.journal.get(fileKey(gi, i))?.existed) continue;
      const id = fileIdAt(db, f.to);
      if (id !== null) removeFileRow(db, id);
    }
    if (g.recordingId !== null && countRecordingFiles(db, g.recordingId) === 0) deleteRecordingRow(db, g.recordingId);
  })();
  faultPoint('undo:rows-removed');
  for (const [i, f] of g.files.entries()) {
    if (f.action !== 'move' || !f.to) continue;
    await moveBack(c, gi, i, f as PlanFile & { to: string });
    if (touched(c, gi, i)) c.restored++;
    c.done++;
    progress(c, f.from);
  }
  if (g.recordingId !== null) await pruneEmptyDirs(lib.paths.abs(lib.paths.recordingDir(g.profileId, g.recordingId)), lib.paths.abs(lib.paths.recordingsDir(g.profileId)));
}

/** One moved file back to its legacy path (a copy when its destination was not ours). */
async function moveBack(c: UndoCtx, gi: number, i: number, f: PlanFile & { to: string }): Promise<void> {
  const { opts } = c;
  const e = c.journal.get(fileKey(gi, i));
  const destAbs = c.lib.paths.abs(f.to);
  // An apply killed in the middle of a copy across disks left its part file: never a whole file.
  await fs.rm(partPath(destAbs), { force: true });
  if (!touched(c, gi, i) || e?.step === 'restored') return;
  const hash = f.hash ?? e?.hash ?? null;
  if (e?.existed) {
    // The kept file belongs to an earlier run (or an upload): ours comes back as a copy.
    if (!(await exists(legacy(c, f.from)))) await copyVerified(destAbs, legacy(c, f.from), { signal: opts.signal, expected: hash ? { hash, size: f.bytes } : undefined });
  } else if (await exists(destAbs)) {
    // A file processed again (or changed) since the migration goes back as it is now; the
    // report says it differs. Only its size is looked at first: hashing every file would
    // make an undo read the whole library.
    const sameSize = (await fs.stat(destAbs)).size === f.bytes;
    const move = (expected: { hash: string; size: number } | undefined) => durableMove(destAbs, legacy(c, f.from), { signal: opts.signal, expected });
    await move(hash && sameSize ? { hash, size: f.bytes } : undefined)
      .catch((err: unknown) => {
        if (err instanceof FileOpError && err.code === 'ECHANGED') return move(undefined);
        throw err;
      })
      .catch(async (err: unknown) => {
        if (!(err instanceof FileOpError && err.code === 'EEXIST') || !hash || !(await holds(legacy(c, f.from), hash, f.bytes))) throw err;
        await setAsideChanged(c, f);
      });
    faultPoint('undo:moved-back');
  }
  setStep(c, gi, i, 'restored');
}

/**
 * Both the legacy file and the library's copy, and they differ: this undo copied the file back
 * across disks and was killed before it removed the library's copy, which changed since. The legacy
 * file holds the migrated bytes (its hash says so) and stays; the changed copy goes to trash/
 * (journaled, registered, audited, restorable until retention), never deleted.
 */
async function setAsideChanged(c: UndoCtx, f: PlanFile & { to: string }): Promise<void> {
  c.lib.log.warn('the library copy of a file put back by the undo changed since; it is set aside in trash/', { file: f.to, from: f.from });
  const reason = `changed in the library while the undo put ${f.from} back (the legacy file holds the migrated bytes)`;
  // The default profile keeps it: the run's own profiles go with the undo.
  await setAsideInTrash(c.lib, toRelPath(f.to), { profileId: 1, reason });
}

/** Step 3: what the run created: profiles (when nothing else lives in them now) and its folders. */
async function removeCreated(c: UndoCtx, runId: string): Promise<void> {
  const { lib, plan } = c;
  for (const p of plan.profiles) {
    if (!p.create || profileInUse(lib.sqlite, p.id)) continue;
    lib.sqlite.transaction(() => removeEmptyProfile(lib.sqlite, p.id))();
    await removeEmptyTree(lib.paths.abs(lib.paths.profileDir(p.id)));
  }
  for (const g of plan.recordings) {
    if (g.kind === 'thumbnails') await pruneEmptyDirs(lib.paths.abs(lib.paths.profileThumbnails(g.profileId)), lib.root);
  }
  await removeEmptyTree(lib.paths.abs(lib.paths.legacyDir(runId)));
  await pruneEmptyDirs(path.join(lib.root, 'legacy'), lib.root);
  for (const d of plan.dirs) await fs.mkdir(legacy(c, d), { recursive: true });
}

/** Whether the file holds exactly these bytes (size first: most changed files differ in size). */
async function holds(abs: string, hash: string, size: number): Promise<boolean> {
  const st = await fs.stat(abs).catch(() => null);
  if (!st || st.size !== size) return false;
  return (await hashFile(abs)).hash === hash;
}

/** Every file the run touched is back at its original path with its original content. */
async function checkRestored(plan: MigrationPlan): Promise<{ path: string; reason: string }[]> {
  const out: { path: string; reason: string }[] = [];
  for (const g of plan.recordings) {
    for (const f of g.files) {
      const p = path.join(plan.mediaDir, ...f.from.split('/'));
      const st = await fs.lstat(p).catch(() => null);
      if (!st) out.push({ path: f.from, reason: 'not back at its original path' });
      else if (st.size !== f.bytes) out.push({ path: f.from, reason: `back with ${st.size} bytes instead of ${f.bytes}` });
      else if (f.action === 'dedupe' && (await hashFile(p)).hash !== f.hash) out.push({ path: f.from, reason: 'restored duplicate differs from the original' });
    }
  }
  return out;
}
