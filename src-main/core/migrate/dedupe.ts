/** Duplicates of an apply: removed only once their kept copy is in place and both are re-read identical. */
import fs from 'node:fs/promises';
import type { PlanFile } from '@shared/migrate-plan';
import { durably } from '../catalog/connection';
import { faultPoint } from '../storage/faults';
import { exists, FileOpError, removeFile } from '../storage/fsops';
import { hashFile } from '../storage/hash';
import { type ApplyCtx, DONE_STEPS, fileKey, keepDuplicate, setStep, srcAbs } from './journal';

/** Whether this run still has to move a duplicate's kept copy into place (not moved, or put back). */
function keptCopyPending(ctx: ApplyCtx, to: string): boolean {
  for (const [gi, g] of ctx.plan.recordings.entries()) {
    for (const [i, f] of g.files.entries()) {
      if (f.action !== 'move' || f.to !== to) continue;
      const step = ctx.journal.get(fileKey(gi, i))?.step;
      return step === undefined || !DONE_STEPS.has(step);
    }
  }
  return false;
}

export async function dedupeOne(ctx: ApplyCtx, g: number, i: number, f: PlanFile): Promise<void> {
  const e = ctx.journal.get(fileKey(g, i));
  if (!e || DONE_STEPS.has(e.step) || f.to === null) return;
  if (f.hash === null) throw new FileOpError(`${f.from} has no hash to prove it a duplicate`, 'EVERIFY');
  durably(ctx.lib.sqlite, () => setStep(ctx, g, i, 'deduping'));
  const src = srcAbs(ctx.plan, f.from);
  const kept = ctx.lib.paths.abs(f.to);
  if (!(await exists(kept))) {
    // Not in place yet (this run moves it later, or put it back at a cancel): the duplicate waits.
    if (keptCopyPending(ctx, f.to)) throw new FileOpError(`cannot remove the duplicate ${f.from}: its kept copy ${f.to} is not in place yet`, 'ENOENT');
    // Moved in, then taken out of the library by a person (after a kill): the legacy duplicate may
    // be the only copy of those bytes left here, so it stays. Gone too, it was removed before the
    // kill and the dedupe is done.
    if (await exists(src)) keepDuplicate(ctx, e, f, (await fs.stat(src)).size, true);
    else setStep(ctx, g, i, 'moved', f.hash);
    return;
  }
  if (await exists(src)) {
    // Proven now, not at plan time: both sides are re-read before a duplicate goes.
    const [a, b] = await Promise.all([hashFile(src), hashFile(kept)]);
    if (a.hash !== f.hash || b.hash !== f.hash || a.size !== b.size) {
      // A person changed one side since the plan (most likely the kept copy, after a kill): the
      // legacy file may now be the only copy of those bytes. It stays, so the run still finishes.
      keepDuplicate(ctx, e, f, a.size);
      return;
    }
    faultPoint('migrate:before-dedupe');
    await removeFile(src);
  }
  faultPoint('migrate:deduped');
  setStep(ctx, g, i, 'moved', f.hash);
}
