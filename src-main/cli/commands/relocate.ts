import fs from 'node:fs';
import path from 'node:path';
import { requireLibrary } from '@core/catalog/presence';
import { readState } from '@core/relocate/journal';
import { copyLibrary } from '@core/relocate/relocate';
import { removeOldCopy } from '@core/relocate/remove-old';
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

export const relocateCommand: Command = {
  name: 'relocate',
  usage: 'reclib relocate --to <dir> [--keep-old]',
  summary: 'move the whole library to another folder or disk: copied and verified file by file, resumable, then the old copy is removed (or kept)',
  options: { to: { type: 'string' }, 'keep-old': { type: 'boolean' } },
  // A move killed after the old catalog was removed is finished from the journal at the destination.
  library: 'own',
  async run(ctx, _positionals, values) {
    const toArg = str(values, 'to');
    if (!toArg) throw new UsageError('relocate needs --to <folder>');
    const to = path.resolve(toArg);
    const from = ctx.library;
    const keepOld = flag(values, 'keep-old');
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
