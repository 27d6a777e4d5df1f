/**
 * Cleanup a person starts, as jobs: "Empty the trash" (purge the trashed recordings chosen) and a
 * confirmed cleanup plan. Both touch the whole layout, so they queue as 'cleanup' jobs, which run
 * alone; each answers with its job id and a promise of its result, and writes that result to the
 * job's summary (`result`), which is where the app reads it.
 */
import type { CleanupKind, CleanupResult } from '@shared/channels/integrity';
import { errorMessage } from '@shared/errors';
import type { Library } from '../catalog/library';
import type { JobContext, JobQueue } from '../jobs/queue';
import { listTrash, purgeRecording } from '../trash/trash';
import { applyCleanup, type ApplyOptions } from '../cleanup/apply';

const EMPTIED = 'trash emptied by the user';

/** The outcome, in the summary: whole (for the person who asked) and as counts (like a scheduled run). */
function record(ctx: JobContext<'cleanup'>, result: CleanupResult): CleanupResult {
  ctx.summary({ result, done: result.done.length, skipped: result.skipped, needsConfirm: result.needsConfirm ?? false, refused: result.massReason ?? null });
  return result;
}

/**
 * Purges the given trashed recordings (all of them when `ids` is not given). "Empty now" is the
 * person's explicit decision: retention does not apply, the safety share does not either. One that
 * cannot be purged is skipped with its reason; the rest go on.
 */
export function emptyTrash(lib: Library, queue: JobQueue, ids?: number[]): { id: number; done: Promise<CleanupResult> } {
  const wanted = ids ?? listTrash(lib).map((t) => t.id);
  return queue.enqueue({
    kind: 'cleanup',
    title: `Empty the trash (${wanted.length})`,
    payload: { purge: wanted },
    run: async (ctx) => {
      const result: CleanupResult = { done: [], skipped: [] };
      for (const [i, id] of wanted.entries()) {
        ctx.signal.throwIfAborted();
        ctx.progress({ done: i, total: wanted.length });
        try {
          const r = await purgeRecording(lib, id, EMPTIED);
          if (r) result.done.push({ kind: 'trash', path: null, id, bytes: r.bytes, action: 'purge', reason: EMPTIED, files: 0 });
          else result.skipped.push({ path: null, id, reason: 'not in the trash' });
        } catch (err) {
          result.skipped.push({ path: null, id, reason: errorMessage(err) });
        }
      }
      return record(ctx, result);
    },
  });
}

/** A cleanup of `kinds` a person confirmed (the dry run's digest, a mass change's typed count). */
export function startCleanup(
  lib: Library,
  queue: JobQueue,
  kinds: CleanupKind[],
  opts: Pick<ApplyOptions, 'confirm' | 'expectDigest' | 'massConfirmation'>,
): { id: number; done: Promise<CleanupResult> } {
  return queue.enqueue({
    kind: 'cleanup',
    title: `Cleanup: ${kinds.join(', ')}`,
    payload: { kinds },
    run: async (ctx) => record(ctx, await applyCleanup(lib, kinds, { ...opts, signal: ctx.signal, onProgress: ctx.progress })),
  });
}
