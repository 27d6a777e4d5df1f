/**
 * The moves of an apply, a batch of recordings at a time: each file's step is recorded before and
 * after its durable move (rename on one filesystem, verified copy across devices); a recording
 * stopped half way by a cancel has what of it moved put back, so it is all or nothing.
 */
import { existsSync } from 'node:fs';
import type { PlanFile } from '@shared/migrate-plan';
import { durably } from '../catalog/connection';
import { markJournalKeptLegacy, markJournalMoving } from '../catalog/repositories/journal/migration';
import { faultPoint } from '../storage/faults';
import { type CopyOptions, durableMove, exists, FileOpError } from '../storage/fsops';
import { toRelPath } from '../storage/paths';
import { setAsideInTrash } from '../trash/quarantine';
import { isPathRegistered } from '../catalog/repositories/files/scan';
import { type ApplyCtx, DONE_STEPS, type JournalEntry, fileKey, keepAsItIsNow, markGone, setStep, srcAbs } from './journal';

/** Marks every pending file of a batch `moving` in one transaction, before any of them moves. */
export function markMoving(ctx: ApplyCtx, batch: number[]): void {
  durably(ctx.lib.sqlite, () => {
    for (const gi of batch) {
      const g = ctx.plan.recordings[gi]!;
      for (const [i, f] of g.files.entries()) {
        const e = ctx.journal.get(fileKey(gi, i));
        if (!e || f.action === 'leave' || DONE_STEPS.has(e.step) || e.step === 'moving') continue;
        // Profile thumbnails share one folder across runs: a destination there before any move of
        // ours belongs to an earlier run (or an upload). Noted now, so the undo copies instead of taking it.
        const existed = g.kind === 'thumbnails' && f.action === 'move' && f.to !== null && existsSync(ctx.lib.paths.abs(f.to));
        markJournalMoving(ctx.lib.sqlite, e.id, existed, Date.now());
        if (existed) e.existed = true;
        e.step = 'moving';
      }
    }
  });
}

async function moveOne(ctx: ApplyCtx, g: number, i: number, f: PlanFile, syncLater: Set<string>, renamed: Map<string, string>): Promise<void> {
  const e = ctx.journal.get(fileKey(g, i));
  if (!e || DONE_STEPS.has(e.step) || f.to === null) return;
  faultPoint('migrate:before-move');
  const dest = ctx.lib.paths.assertNoEscape(f.to);
  const expected = f.hash !== null ? { hash: f.hash, size: f.bytes } : undefined;
  // Across devices (EXDEV) durableMove hands these options to its verified copy: the kernel copies
  // (copy_file_range/sendfile, no bytes through this process), then one read of the part file, from
  // the page cache while it flushes, hashes exactly what was written. The default there (one read of
  // the source feeding hash and write) costs twice the system time: every byte is copied into this
  // process and out again.
  const copy: CopyOptions = { expected, signal: ctx.opts.signal, syncLater, method: 'kernel' };
  let res: Awaited<ReturnType<typeof durableMove>>;
  try {
    res = await moveMedia(ctx, g, e, f, dest, copy);
  } catch (err) {
    if (err instanceof FileOpError && err.code === 'EEXIST' && f.kind !== 'source') {
      // Both are someone's (an attached transcript, an earlier run's thumbnail): theirs stays where
      // it is, ours stays in the legacy folder (never a resume that fails for ever, never a file
      // replaced), and the report lists it as left over.
      ctx.lib.log.warn('a different file is already where a migrated file was to go; the legacy file stays where it is', { file: f.to, from: f.from });
      Object.assign(e, { step: 'moved', existed: true, keptLegacy: true });
      markJournalKeptLegacy(ctx.lib.sqlite, e.id, Date.now());
      return;
    }
    if (err instanceof FileOpError && err.code === 'ENOENT' && !(await exists(dest))) {
      // In neither place: this run moved it before a kill and a person took it out of the library
      // since (or took the legacy file away before it moved). Theirs to take: recorded as gone,
      // so the resume finishes instead of failing for ever (see commitGroup).
      markGone(ctx, e, f, 'a file to migrate is in neither the legacy folder nor the library');
      return;
    }
    // ECONFLICT: the original is gone and the destination holds other bytes — this run moved it
    // before a kill, and someone changed it since. Those bytes are theirs now: kept and committed
    // as they are (never a resume that fails for ever), and the log says so.
    if (!(err instanceof FileOpError && err.code === 'ECONFLICT')) throw err;
    await keepAsItIsNow(ctx, e, f, dest);
    return;
  }
  if ((f.hash !== null && res.hash !== f.hash) || res.size !== f.bytes) {
    // Resumed: this run moved it before a kill (the original is gone), and someone changed it
    // since. A plan without the file's hash cannot tell that apart by content, only by this.
    if (res.method === 'resumed') {
      await keepAsItIsNow(ctx, e, f, dest);
      return;
    }
    throw new FileOpError(`${f.from} changed since the plan was made (hash or size differs); plan again`, 'ECHANGED');
  }
  faultPoint('migrate:moved');
  // A verified copy is durable on its own; a rename becomes so with its batch's folder fsyncs.
  if (res.method === 'rename') renamed.set(fileKey(g, i), res.hash);
  else setStep(ctx, g, i, 'moved', res.hash);
}

/** Media Reclib makes or moves: nobody else has a reason to put one where a migrated one goes. */
const OURS_BY_KIND = new Set<PlanFile['kind']>(['source', 'video', 'audio', 'poster', 'thumbnail']);

/**
 * A durable move, except for media whose unregistered destination holds other bytes while the
 * legacy original is still there: this run's copy, changed since a kill stopped the move between
 * the copy and the original's removal (or a file someone put there). The recording is made of the
 * intact original; the other file goes to trash/, registered and audited like a quarantined file
 * (restorable until retention ends), never deleted, so the resume does not fail for ever on it.
 * Transcripts and subtitles are what people attach: there, theirs stays (see moveOne).
 */
async function moveMedia(ctx: ApplyCtx, g: number, e: JournalEntry, f: PlanFile, dest: string, copy: CopyOptions): Promise<Awaited<ReturnType<typeof durableMove>>> {
  const src = srcAbs(ctx.plan, f.from);
  try {
    return await durableMove(src, dest, copy);
  } catch (err) {
    if (!(err instanceof FileOpError && err.code === 'EEXIST' && OURS_BY_KIND.has(f.kind) && f.to !== null && !e.existed)) throw err;
    const rel = toRelPath(f.to);
    if (isPathRegistered(ctx.lib.sqlite, rel)) throw err;
    ctx.lib.log.warn('a different file was where a migrated file was to go; it is set aside in trash/ and the original is migrated', { file: f.to, from: f.from });
    const reason = `a different file was where the migrated ${f.from} was to go (the original is migrated)`;
    await setAsideInTrash(ctx.lib, rel, { profileId: ctx.plan.recordings[g]!.profileId, reason });
    return durableMove(src, dest, copy);
  }
}

/** Moves a recording's already-moved files back to the legacy folder and marks them planned again. */
async function putBack(ctx: ApplyCtx, gi: number): Promise<void> {
  for (const [i, f] of ctx.plan.recordings[gi]!.files.entries()) {
    const e = ctx.journal.get(fileKey(gi, i));
    if (!e || f.action !== 'move' || f.to === null || e.step === 'committed') continue;
    const dest = ctx.lib.paths.abs(f.to);
    if (await exists(dest)) await durableMove(dest, srcAbs(ctx.plan, f.from));
    setStep(ctx, gi, i, 'planned');
  }
}

/**
 * Moves the files of a batch of recordings; returns the recordings whose files all moved (the
 * others, stopped by a cancel, are put back). `renamed` gets the hashes of renamed files, which
 * become durable with the batch's folder fsyncs (`syncLater`).
 */
export async function moveBatch(ctx: ApplyCtx, batch: number[], syncLater: Set<string>, renamed: Map<string, string>, tick: (f: PlanFile) => void): Promise<number[]> {
  const { plan, opts } = ctx;
  // Two moves in flight: one copies while the other waits for its fsync (across devices), or
  // one renames while the other hashes (one disk).
  const tasks = batch.flatMap((gi) => plan.recordings[gi]!.files.flatMap((f, i) => (f.action === 'move' ? [{ gi, i, f }] : [])));
  const stopped = new Set<number>();
  let failure: unknown = null;
  let next = 0;
  const worker = async () => {
    for (;;) {
      const t = tasks[next++];
      if (!t) return;
      if (opts.signal?.aborted || failure !== null || stopped.has(t.gi)) {
        stopped.add(t.gi);
        continue;
      }
      try {
        await moveOne(ctx, t.gi, t.i, t.f, syncLater, renamed);
        tick(t.f);
      } catch (err) {
        stopped.add(t.gi);
        if (!opts.signal?.aborted) failure ??= err;
      }
    }
  };
  await Promise.all([worker(), worker()]);
  if (failure !== null) throw failure;
  // Cancelled inside a recording: what of it already moved goes back, so it is all or nothing.
  for (const gi of stopped) await putBack(ctx, gi);
  return batch.filter((gi) => !stopped.has(gi));
}
