import fs from 'node:fs';
import path from 'node:path';
import { requireLibrary } from '@core/catalog/presence';
import { readState } from '@core/relocate/journal';
import { clearPending, readPending } from '@core/relocate/pending';
import { copyLibrary } from '@core/relocate/relocate';
import { removeOldCopy } from '@core/relocate/remove-old';
import { planResume } from '@core/relocate/resume';
import { rememberMove } from '@core/relocate/switch';
import { CATALOG_FILE } from '@core/storage/paths';
import { formatBytes } from '@shared/format';
import type { JobProgress } from '@shared/jobs';
import { type Command, flag, openForCommand, str, UsageError } from '../command';

/** A progress line at most every half second, with the files, bytes and time left. */
function throttled(print: (line: string) => void): (p: Partial<JobProgress>) => void {
  let last = 0;
  return ({ done = 0, total = 0, bytesDone = 0, bytesTotal = 0, etaSec = null }) => {
    const now = Date.now();
    if (now - last < 500 && bytesDone < bytesTotal) return;
    last = now;
    const left = etaSec === null || etaSec === undefined ? '' : ` · about ${Math.ceil(etaSec)} s left`;
    print(`${done} of ${total} files · ${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)}${left}`);
  };
}

/** --resume: the destination comes from the old library's mark, and must still hold the move's journal. */
async function resumeTarget(from: string): Promise<{ to: string; keepOld: boolean }> {
  const plan = await planResume(from);
  if (plan.left === 'none') throw new UsageError(`There is no unfinished move of the library at ${from}; to move it, give --to <folder>.`);
  return { to: plan.move.to, keepOld: plan.move.keepOld };
}

export const relocateCommand: Command = {
  name: 'relocate',
  usage: 'reclib relocate --to <dir> [--keep-old] | --resume | --abandon',
  summary:
    'move the whole library to another folder or disk: copied and verified file by file, resumable (--resume finishes an interrupted move), then the old copy is removed (or kept)',
  options: { to: { type: 'string' }, 'keep-old': { type: 'boolean' }, resume: { type: 'boolean' }, abandon: { type: 'boolean' } },
  // A move killed after the old catalog was removed is finished from the journal at the destination.
  library: 'own',
  async run(ctx, _positionals, values) {
    const toArg = str(values, 'to');
    const resume = flag(values, 'resume');
    if (flag(values, 'abandon')) {
      if (toArg || resume) throw new UsageError('--abandon goes alone: it forgets the unfinished move and keeps the library where it is');
      return abandon(ctx.library);
    }
    if (!toArg && !resume) throw new UsageError('relocate needs --to <folder> (or --resume, to finish an interrupted move)');
    if (toArg && resume) throw new UsageError('give either --to <folder> or --resume, not both');
    const from = ctx.library;
    const target = resume ? await resumeTarget(from) : { to: path.resolve(toArg!), keepOld: false };
    const to = target.to;
    const keepOld = flag(values, 'keep-old') || target.keepOld;
    const state = await readState(to);
    const unfinishedRemoval = !fs.existsSync(path.join(from, CATALOG_FILE)) && state !== null && path.resolve(state.from) === from && state.phase !== 'copying';
    let copied = 0;
    if (!unfinishedRemoval) {
      requireLibrary(from);
      const lib = await openForCommand(ctx, { writer: 'reclib relocate' });
      try {
        const r = await copyLibrary(lib, to, { keepOld, signal: ctx.signal, onProgress: throttled(ctx.progress) });
        copied = r.files;
      } finally {
        lib.close();
      }
    }
    const settings = await rememberMove(from, to);
    const removed = await removeOldCopy(to, keepOld ? { keepOld } : {});
    const text = [
      `The library is now at ${to} (${copied} files copied and verified).`,
      settings.length ? `The app will open it there (${settings.join(', ')}).` : '',
      keepOld ? `The old copy was kept at ${from}.` : `The old copy was removed (${removed.removedFiles} files).`,
      removed.kept.length ? `Left in ${from} because they changed after they were copied: ${removed.kept.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    return { json: { library: to }, text };
  },
};

/**
 * Forgets an unfinished move: the library stays where it is, whole (only possible while its
 * catalog is still here, i.e. before the switch). The partial copy at the destination is left for
 * the person to delete: nothing there is removed by a command run on the old library.
 */
async function abandon(from: string) {
  const move = readPending(from);
  if (!move) throw new UsageError(`There is no unfinished move of the library at ${from}.`);
  if (!fs.existsSync(path.join(from, CATALOG_FILE))) {
    throw new UsageError(`The library was already switched to ${move.to}; only the removal of its old copy is left: reclib relocate --resume.`);
  }
  requireLibrary(from);
  await clearPending(from);
  return {
    json: { library: from, abandoned: move.to },
    text: `The move to ${move.to} is forgotten; the library stays at ${from}. The partial copy at ${move.to} was left as it is (delete it yourself if you do not need it).`,
  };
}
