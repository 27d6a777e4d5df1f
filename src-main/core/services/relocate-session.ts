/**
 * Moving the open library from the app: one job copies and verifies (core/relocate), and only after
 * it has ended (its queue belongs to the old library) the app opens the new place (the old library
 * closes, its lock goes), remembers it, and removes the old copy. The same path serves a move the
 * person starts and one the app finds unfinished when it opens the old library (its mark).
 */
import type { Logger } from '../log/logger';
import type { Library } from '../catalog/library';
import type { JobQueue } from '../jobs/queue';
import type { RelocateCopy } from '../relocate/relocate';
import { readPending } from '../relocate/pending';
import { readState } from '../relocate/journal';
import { errorMessage } from '@shared/errors';

/** Where the host remembers libraries (the app settings): the old path becomes the new one. */
export type RememberMove = (from: string, to: string) => Promise<void>;

export interface MoveRequest {
  to: string;
  keepOld: boolean;
  /** Found unfinished on open: the destination must still hold this move's journal (never a fresh start). */
  resumed?: boolean;
}

/** What a move needs of the app: the open library and its queue, and a way to open the new place. */
export interface MovingApp {
  readonly lib: Library;
  readonly queue: JobQueue;
  open(root: string): Promise<Library>;
}

export function startMove(app: MovingApp, req: MoveRequest, remember: RememberMove, log: Logger): { id: number; done: Promise<void> } {
  const lib = app.lib;
  const from = lib.root;
  const job = app.queue.enqueue({
    kind: 'relocate',
    title: req.resumed ? `Finish moving library to ${req.to}` : `Move library to ${req.to}`,
    // For the record: a move resumes from its own journal when the library opens, not from this.
    payload: { to: req.to, keepOld: req.keepOld, resumed: req.resumed === true },
    run: async (ctx): Promise<RelocateCopy> => {
      // The copying code loads with the first move, not with every open of a library (start-up, issue 13).
      const [{ copyLibrary }, { planResume }] = await Promise.all([import('../relocate/relocate'), import('../relocate/resume')]);
      // An unplugged disk: refused in words before anything is made or copied.
      if (req.resumed) await planResume(from);
      const r = await copyLibrary(lib, req.to, { keepOld: req.keepOld, signal: ctx.signal, onProgress: ctx.progress });
      ctx.summary({ from, to: r.to, files: r.files, bytes: r.bytes, keepOld: req.keepOld, resumed: req.resumed === true });
      return r;
    },
  });
  const done = job.done
    .then(async (r) => {
      await app.open(r.to);
      await remember(from, r.to);
      const { removeOldCopy } = await import('../relocate/remove-old');
      // The journal remembers --keep-old from the move's start; a resumed move follows it.
      const removed = await removeOldCopy(r.to, req.keepOld ? { keepOld: true } : {});
      log.info('library moved', { from, to: r.to, removedFiles: removed.removedFiles, kept: removed.kept.length });
    })
    .catch((err: unknown) => log.error('library move did not finish', { from, to: req.to, error: errorMessage(err) }));
  return { id: job.id, done };
}

/**
 * On open: a move this library started and did not finish is resumed as a job (with progress, or
 * failing in words when its destination cannot be reached); a library opened at its new place
 * whose old copy's removal was interrupted finishes that removal.
 */
export async function resumeUnfinishedMove(app: MovingApp, remember: RememberMove, log: Logger): Promise<number | null> {
  const lib = app.lib;
  if (lib.readonly) return null;
  const move = readPending(lib.root);
  if (move) {
    log.warn('an unfinished move of the library was found; resuming it', { from: lib.root, to: move.to });
    return startMove(app, { to: move.to, keepOld: move.keepOld, resumed: true }, remember, log).id;
  }
  const state = await readState(lib.root);
  if (state?.phase === 'removing' && state.to === lib.root) {
    const { removeOldCopy } = await import('../relocate/remove-old');
    const removed = await removeOldCopy(lib.root);
    log.info('the old copy of a moved library was removed', { from: state.from, removedFiles: removed.removedFiles });
  }
  return null;
}
