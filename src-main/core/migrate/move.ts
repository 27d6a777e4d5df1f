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
import { type ApplyCtx, DONE_STEPS, fileKey, keepAsItIsNow, markGone, setStep, srcAbs } from './journal';

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
    res = await durableMove(srcAbs(ctx.plan, f.from), dest, copy);
  } catch (err) {
    // ECONFLICT: the original is gone and the destination holds other bytes — this run moved it
    // before a kill, and someone changed it since. Those bytes are theirs now: kept and committed
    // as they are (never a resume that fails for ever), and the log says so.
    if (err instanceof FileOpError && err.code === 'EEXIST' && f.kind !== 'source') {
      // Both are someone's: theirs stays where it is, ours stays in the legacy folder (never a
      // resume that fails for ever, never a file replaced), and the report lists it as left over.
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
