import { expiringIds, getRecording, listAllForCli, toCliRecording } from '@core/services/recordings';
import { ExpiryError, parseIn } from '@core/expiry/expiry';
import { type Command, positiveInt, str, UsageError, withLibrary } from '../command';

/** `--expiring 7d` (or 2w, 1m, a bare 7): the number of days. */
function expiringDays(text: string): number {
  try {
    return Math.round(parseIn(text, 0) / 86_400_000);
  } catch (err) {
    if (err instanceof ExpiryError) throw new UsageError(`--expiring: ${err.message}`);
    throw err;
  }
}

/** A name as one column of one line: a tab or a line break in it would shift the columns. */
const oneCell = (name: string) => name.replace(/[\t\r\n]+/g, ' ');

export const listCommand: Command = {
  name: 'list',
  usage: 'reclib list [--expiring 7d] [--library DIR] [--json]',
  summary: 'list the recordings in the library; --expiring 7d: only those that expire within 7 days (or are past their date)',
  options: { expiring: { type: 'string' } },
  run: (ctx, _positionals, values) => {
    const expiring = str(values, 'expiring');
    const days = expiring === undefined ? null : expiringDays(expiring);
    return withLibrary(ctx, {}, (lib) => {
      const soon = days === null ? null : expiringIds(lib, days);
      const all = listAllForCli(lib).filter((r) => soon === null || soon.has(r.id));
      // The reasons are long sentences: the columns stay one line each, and a last line says where to read them.
      const explained = all.filter((r) => r.statusReason !== null).map((r) => `#${r.id}`);
      const why = explained.length ? [`\n${explained.length === 1 ? `${explained[0]} has a reason for its status` : `${explained.length} recordings have a reason for their status`}: \`reclib show <id>\` says it.`] : [];
      const text = all.length
        ? [...all.map((r) => `#${r.id}\t${r.startTime.slice(0, 16).replace('T', ' ')}\t${r.status}\t${oneCell(r.displayName)}`), ...why].join('\n')
        : soon !== null
          ? `No recording expires within ${days} days.`
          : 'The library is empty. Import recordings with `reclib import <folder>`.';
      return { json: all, text };
    });
  },
};

export const showCommand: Command = {
  name: 'show',
  usage: 'reclib show <id> [--library DIR] [--json]',
  summary: 'show one recording with its files',
  async run(ctx, positionals) {
    if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError('show takes exactly one recording id');
    const id = positiveInt(positionals[0], 'recording id');
    return withLibrary(ctx, {}, (lib) => {
      const r = toCliRecording(getRecording(lib, id));
      const text = [
        `#${r.id} ${r.displayName}`,
        `  status ${r.status}, started ${r.startTime}, ${r.durationSec} s, profile ${r.profileId}`,
        ...(r.statusReason !== null ? [`  why: ${r.statusReason}`] : []),
        ...(r.tags.length ? [`  tags: ${r.tags.join(', ')}`] : []),
        // Its later lines under the first, so they do not read as the next field.
        ...(r.description !== null ? [`  description: ${r.description.replace(/\n/g, '\n               ')}`] : []),
        ...(r.expireAt !== null ? [`  expires ${r.expireAt.slice(0, 10)}`] : []),
        ...r.files.map((f) => `  ${f.kind.padEnd(10)} ${String(f.size).padStart(12)}  ${f.path}`),
      ].join('\n');
      return { json: r, text };
    });
  },
};
