import { exportRecordings } from '@core/export/export';
import { formatBytes } from '@shared/format';
import type { JobProgress } from '@shared/jobs';
import { type Command, flag, str, UsageError, withLibrary } from '../command';
import { ids } from './integrity';

/** A progress line at most every half second: a terminal is not a log. */
function throttled(print: (line: string) => void): (p: Partial<JobProgress>) => void {
  let last = 0;
  return ({ bytesDone = 0, bytesTotal = 0, current }) => {
    const now = Date.now();
    if (now - last < 500 && bytesDone < bytesTotal) return;
    last = now;
    print(`${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)}${current ? ` · ${current}` : ''}`);
  };
}

export const exportCommand: Command = {
  name: 'export',
  usage: 'reclib export <id...> --to <dir> [--source]',
  summary: 'copy recordings out under their names, "<name> (<date>).<ext>": the processed video (or the original with --source), subtitles and the transcript as text, verified',
  options: { to: { type: 'string' }, source: { type: 'boolean' } },
  async run(ctx, positionals, values) {
    const list = ids(positionals, 'export');
    const to = str(values, 'to');
    if (!to) throw new UsageError('export needs --to <folder>');
    return withLibrary(ctx, {}, async (lib) => {
      const r = await exportRecordings(lib, list, to, { source: flag(values, 'source'), signal: ctx.signal, onProgress: throttled(ctx.progress) });
      const text = [
        `Exported ${r.exported.length} of ${list.length} to ${r.folder}.`,
        ...r.exported.flatMap((e) => e.files.map((f) => `  #${e.id}: ${f.path}`)),
        ...r.failed.map((f) => `  #${f.id} not exported: ${f.reason}`),
      ].join('\n');
      return { json: { exported: r.exported, failed: r.failed }, text, exitCode: r.failed.length ? 1 : 0 };
    });
  },
};
