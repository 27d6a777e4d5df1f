/**
 * Undoes a run: removed duplicates are copied back from their kept copy first (while it is still
 * in the library), then each recording's rows and usage are removed in one transaction and its
 * files are moved back to their original paths; profiles and folders the run created go, and every
 * legacy folder (empty ones too) is recreated. Resumable like the apply: each step is convergent.
 */
import { assertAvailable } from '../catalog/availability';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { JobProgress } from '@shared/jobs';
import { CancelledError } from '../jobs/queue';
import type { Library } from '../catalog/library';
import { removeFileRow } from '../catalog/repositories/files';
import { faultPoint } from '../storage/faults';
import { copyVerified, durableMove, exists, FileOpError, partPath, pruneEmptyDirs, removeEmptyTree } from '../storage/fsops';
import { hashFile } from '../storage/hash';
import { fileKey, loadJournal } from './apply';
import type { MigrationPlan } from './plan';
import { exclusive, getRun, setRunState, type UndoReport } from '../catalog/repositories/migration-runs';

export class UndoError extends Error {
  override name = 'UndoError';
}

type UndoOptions = { signal?: AbortSignal; onProgress?: (p: Partial<JobProgress>) => void };

export function undoRun(lib: Library, runId: string, opts: UndoOptions = {}): Promise<UndoReport> {
  return exclusive(runId, () => undo(lib, runId, opts));
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
  const journal = loadJournal(lib, runId);
  const legacy = (rel: string) => path.join(plan.mediaDir, ...rel.split('/'));
  const touched = (gi: number, i: number) => {
    const step = journal.get(fileKey(gi, i))?.step;
    return step !== undefined && step !== 'planned';
  };
  const setStep = (gi: number, i: number, step: string) => {
    const e = journal.get(fileKey(gi, i));
    if (e) lib.sqlite.prepare('UPDATE journal SET step = ?, updated_at = ? WHERE id = ?').run(step, Date.now(), e.id);
  };
  // Where a kept copy is now: in the library, or already moved back to its legacy path.
  const keptFrom = new Map<string, string>();
  for (const g of plan.recordings) for (const f of g.files) if (f.action === 'move' && f.to) keptFrom.set(f.to, f.from);

  const total = plan.recordings.reduce((a, g) => a + g.files.filter((f) => f.action !== 'leave').length, 0);
  let done = 0;
  let restored = 0;
  const progress = (current: string | null) => opts.onProgress?.({ done, total, current });

  // 1. Duplicates back from their kept copies.
  for (const [gi, g] of plan.recordings.entries()) {
    for (const [i, f] of g.files.entries()) {
      if (f.action !== 'dedupe' || !f.to) continue;
      opts.signal?.throwIfAborted();
      if (touched(gi, i) && !(await exists(legacy(f.from)))) {
        const keptNow = (await exists(lib.paths.abs(f.to))) ? lib.paths.abs(f.to) : legacy(keptFrom.get(f.to) ?? f.from);
        // The kept copy may hold other bytes now (processing made that file again since the
        // migration): the duplicate cannot be made from it. The undo goes on without it, and its
        // report names it (checkRestored), instead of stopping half way for ever.
        if (f.hash && !(await holds(keptNow, f.hash, f.bytes))) {
          lib.log.warn('a removed duplicate cannot be restored: its kept copy changed since the migration', { file: f.from });
          await fs.rm(partPath(legacy(f.from)), { force: true });
        } else {
          await copyVerified(keptNow, legacy(f.from), { signal: opts.signal, expected: f.hash ? { hash: f.hash, size: f.bytes } : undefined });
          faultPoint('undo:dedupe-restored');
        }
      }
      if (touched(gi, i)) {
        setStep(gi, i, 'restored');
        restored++;
      }
      done++;
      progress(f.from);
    }
  }

  // 2. Rows and usage out, then files back, one recording at a time.
  for (const [gi, g] of [...plan.recordings.entries()].reverse()) {
    if (opts.signal?.aborted) throw new CancelledError('undo cancelled: apply the undo again to finish it');
    const db = lib.sqlite;
    db.transaction(() => {
      for (const [i, f] of g.files.entries()) {
        if (f.action !== 'move' || f.kind === null || !f.to) continue;
        // A destination that was there before this run is not ours: its row stays.
        if (journal.get(fileKey(gi, i))?.existed) continue;
        const row = db.prepare('SELECT id FROM files WHERE rel_path = ?').get(f.to) as { id: number } | undefined;
        if (row) removeFileRow(db, row.id);
      }
      if (g.recordingId !== null) {
        const left = db.prepare('SELECT COUNT(*) AS n FROM files WHERE recording_id = ?').get(g.recordingId) as { n: number };
        if (left.n === 0) db.prepare('DELETE FROM recordings WHERE id = ?').run(g.recordingId);
      }
    })();
    faultPoint('undo:rows-removed');
    for (const [i, f] of g.files.entries()) {
      if (f.action !== 'move' || !f.to) continue;
      const e = journal.get(fileKey(gi, i));
      const destAbs = lib.paths.abs(f.to);
      // An apply killed in the middle of a copy across disks left its part file: never a whole file.
      await fs.rm(partPath(destAbs), { force: true });
      if (touched(gi, i) && e?.step !== 'restored') {
        const hash = f.hash ?? e?.hash ?? null;
        if (e?.existed) {
          // The kept file belongs to an earlier run (or an upload): ours comes back as a copy.
          if (!(await exists(legacy(f.from)))) await copyVerified(destAbs, legacy(f.from), { signal: opts.signal, expected: hash ? { hash, size: f.bytes } : undefined });
        } else if (await exists(destAbs)) {
          // A file processed again (or changed) since the migration goes back as it is now; the
          // report says it differs. Only its size is looked at first: hashing every file would
          // make an undo read the whole library.
          const sameSize = (await fs.stat(destAbs)).size === f.bytes;
          const move = (expected: { hash: string; size: number } | undefined) => durableMove(destAbs, legacy(f.from), { signal: opts.signal, expected });
          await move(hash && sameSize ? { hash, size: f.bytes } : undefined).catch((err: unknown) => {
            if (err instanceof FileOpError && err.code === 'ECHANGED') return move(undefined);
            throw err;
          });
          faultPoint('undo:moved-back');
        }
        setStep(gi, i, 'restored');
      }
      if (touched(gi, i)) restored++;
      done++;
      progress(f.from);
    }
    if (g.recordingId !== null) await pruneEmptyDirs(lib.paths.abs(lib.paths.recordingDir(g.profileId, g.recordingId)), lib.paths.abs(lib.paths.recordingsDir(g.profileId)));
  }

  // 3. What the run created: profiles (when nothing else lives in them now) and its folders.
  for (const p of plan.profiles) {
    if (!p.create) continue;
    const used = lib.sqlite.prepare('SELECT (SELECT COUNT(*) FROM recordings WHERE profile_id = ?) + (SELECT COUNT(*) FROM files WHERE profile_id = ?) AS n').get(p.id, p.id) as { n: number };
    if (used.n === 0) {
      lib.sqlite.transaction(() => {
        lib.sqlite.prepare('DELETE FROM usage WHERE profile_id = ?').run(p.id);
        lib.sqlite.prepare('DELETE FROM templates WHERE profile_id = ?').run(p.id);
        lib.sqlite.prepare('DELETE FROM profiles WHERE id = ?').run(p.id);
      })();
      await removeEmptyTree(lib.paths.abs(lib.paths.profileDir(p.id)));
    }
  }
  for (const g of plan.recordings) {
    if (g.kind === 'thumbnails') await pruneEmptyDirs(lib.paths.abs(lib.paths.profileThumbnails(g.profileId)), lib.root);
  }
  await removeEmptyTree(lib.paths.abs(lib.paths.legacyDir(runId)));
  await pruneEmptyDirs(path.join(lib.root, 'legacy'), lib.root);
  for (const d of plan.dirs) await fs.mkdir(legacy(d), { recursive: true });

  const unaccounted = await checkRestored(plan);
  lib.sqlite.prepare("DELETE FROM journal WHERE op = 'migrate' AND run_id = ?").run(runId);
  const report: UndoReport = { runId, restored, unaccounted };
  setRunState(lib, runId, 'undone', report);
  progress(null);
  lib.events.emit('library:changed', { reason: 'migration undone' });
  return report;
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
