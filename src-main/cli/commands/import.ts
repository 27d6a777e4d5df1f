import { importPaths } from '@core/import/importer';
import { resolveMediaTools } from '@core/tools/binaries';
import { formatBytes, readUsage } from '@core/catalog/repositories/files/ledger';
import { LIBRARY_USAGE_PARTS } from '@shared/domain';
import { measureLibrarySync } from '../../core/quota/library-usage';
import { verifyLedger } from '../../core/quota/verify';
import { JobQueue } from '../../core/jobs/queue';
import { processAfterImport } from '@core/services/auto-process';
import { defaultDataDir } from '@core/services/transcription';
import { autoProcessIds } from '@core/templates/processing';
import { cachedSelfTest } from '@core/tools/selftest';
import type { Library } from '@core/catalog/library';
import { recordingStatus } from '@core/catalog/repositories/recordings/detail';
import type { MediaTools } from '@core/tools/binaries';
import { type CliContext, type Command, flag, openForCommand, positiveInt, str, UsageError, withLibrary } from '../command';

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
      return { json: processed.length ? { ...report, processed } : report, text, exitCode: report.failed.length > 0 && report.imported.length === 0 && report.skipped.length === 0 ? 1 : 0 };
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

export const quotaCommand: Command = {
  name: 'quota',
  usage: 'reclib quota',
  summary: 'storage used per profile and kind (from the ledger), and the library folder on disk by part',
  run: (ctx) =>
    withLibrary(ctx, {}, (lib) => {
      const profiles = readUsage(lib.sqlite);
      const library = measureLibrarySync(lib.root);
      const text = profiles
        .map(
          (p) =>
            `${p.name} (#${p.id}): ${formatBytes(p.usedBytes)}${p.limitBytes !== null ? ` of ${formatBytes(p.limitBytes)}` : ''}\n` +
            Object.entries(p.byKind)
              .filter(([, b]) => b > 0)
              .map(([k, b]) => `  ${k.padEnd(11)} ${formatBytes(b)}`)
              .join('\n'),
        )
        .join('\n');
      const parts = library
        ? [
            `Library folder on disk: ${formatBytes(library.totalBytes)} (${library.totalBytes} B, as du -sb counts)`,
            ...LIBRARY_USAGE_PARTS.map((p) => `  ${p.padEnd(16)} ${formatBytes(library[`${p}Bytes`])}`),
          ].join('\n')
        : '';
      return { json: { profiles, library }, text: [text, parts].filter(Boolean).join('\n') };
    }),
};

export const verifyCommand: Command = {
  name: 'verify',
  usage: 'reclib verify',
  summary: 'compare the usage ledger with the files on disk',
  run: (ctx) =>
    withLibrary(ctx, {}, async (lib) => {
      const r = await verifyLedger(lib);
      const text = [
        `ledger ${r.ledgerBytes} B, disk ${r.diskBytes} B, drift ${r.driftBytes} B`,
        ...r.problems.map((p) => `  ${JSON.stringify(p)}`),
        r.problems.length === 0 && r.driftBytes === 0 ? 'The ledger matches the disk.' : '',
      ]
        .filter(Boolean)
        .join('\n');
      // Exit 1 when the ledger and the disk disagree, so scripts and schedulers notice.
      return { json: r, text, exitCode: r.driftBytes !== 0 || r.problems.length > 0 ? 1 : 0 };
    }),
};
