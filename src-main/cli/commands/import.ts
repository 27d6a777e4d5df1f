import { importPaths } from '@core/import/importer';
import { resolveMediaTools } from '@core/tools/binaries';
import { formatBytes } from '@core/catalog/repositories/files/ledger';
import { autoProcessIds } from '@core/templates/auto-process-ids';
import type { Library } from '@core/catalog/library';
import type { MediaTools } from '@core/tools/binaries';
import { type CliContext, type Command, flag, openForCommand, positiveInt, str, UsageError } from '../command';

export const importCommand: Command = {
  name: 'import',
  usage: 'reclib import <path...> [--move] [--profile N] [--force]',
  summary: 'import files or folders (recursively); --move removes originals once verified',
  options: { move: { type: 'boolean' }, profile: { type: 'string' }, force: { type: 'boolean' } },
  async run(ctx, positionals, values) {
    if (positionals.length === 0) throw new UsageError('import needs at least one file or folder');
    const profileId = positiveInt(str(values, 'profile') ?? '1', '--profile');
    const tools = resolveMediaTools();
    const lib = await openForCommand(ctx, { writer: 'reclib import' });
    let last = 0;
    try {
      const report = await importPaths(lib, positionals, {
        profileId,
        move: flag(values, 'move'),
        force: flag(values, 'force'),
        tools,
        signal: ctx.signal,
        onProgress: (() => {
          const state = { done: 0, total: 0, bytesDone: 0, bytesTotal: 0, current: '' as string | null, start: Date.now() };
          return (p) => {
            Object.assign(state, p);
            const now = Date.now();
            if (now - last < 500 && p.current === undefined) return;
            last = now;
            const secs = (now - state.start) / 1000;
            const rate = secs > 0 ? state.bytesDone / secs : 0;
            const eta = rate > 0 && state.bytesTotal ? Math.round((state.bytesTotal - state.bytesDone) / rate) : null;
            ctx.progress(
              `import ${state.done}/${state.total} files, ${formatBytes(state.bytesDone)} of ${formatBytes(state.bytesTotal)}` +
                (rate ? `, ${formatBytes(rate)}/s` : '') +
                (eta !== null ? `, ETA ${eta} s` : '') +
                (state.current ? ` — ${state.current}` : ''),
            );
          };
        })(),
      });
      const processed = await processImported(ctx, lib, tools, report.imported.map((r) => r.id));
      const text = [
        `Imported ${report.imported.length}, skipped ${report.skipped.length}, failed ${report.failed.length}.`,
        ...report.imported.map((r) => `  + #${r.id} ${r.source}${r.warnings?.length ? ` (${r.warnings.join('; ')})` : ''}`),
        ...report.skipped.map((r) => `  = ${r.path}: ${r.reason}`),
        ...report.failed.map((r) => `  ! ${r.path}: ${r.reason}`),
        ...processed.map((p) => `  > #${p.id} processed after import: ${p.status}`),
      ].join('\n');
      // Only when something was processed after import: the report keeps its shape otherwise.
      return { json: processed.length ? { ...report, processed } : report, text, exitCode: report.failed.length > 0 ? 1 : 0 };
    } finally {
      lib.close();
    }
  },
};

/**
 * Recordings whose template says "auto-process" are processed (and transcribed, when their
 * template or the library says so) before the command ends; their status comes back per id.
 */
async function processImported(ctx: CliContext, lib: Library, tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>, ids: number[]): Promise<{ id: number; status: string }[]> {
  if (autoProcessIds(lib, ids).length === 0) return [];
  // Processing and transcription are loaded only when a template asks for them: most imports do not.
  const [{ cachedSelfTest }, { JobQueue }, { processAfterImport }, { defaultDataDir }, { recordingStatus }] = await Promise.all([
    import('@core/tools/selftest'),
    import('@core/jobs/queue'),
    import('@core/services/auto-process'),
    import('@core/services/data-dir'),
    import('@core/catalog/repositories/recordings/detail'),
  ]);
  const status = await cachedSelfTest();
  if (!status.ok) {
    ctx.progress(`not processed after import: ${status.problem ?? 'FFmpeg does not work'}`);
    return [];
  }
  const queue = new JobQueue(lib, lib.settings().processing.concurrency);
  const stop = () => queue.cancelAll();
  ctx.signal.addEventListener('abort', stop, { once: true });
  try {
    const auto = await processAfterImport(lib, queue, tools, { dataDir: defaultDataDir(), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe }, ids, (line) => ctx.progress(line));
    await auto.finished;
    return auto.jobs.map(({ id }) => ({ id, status: recordingStatus(lib.sqlite, id) ?? 'gone' }));
  } finally {
    ctx.signal.removeEventListener('abort', stop);
  }
}
