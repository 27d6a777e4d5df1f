import type { StageInfo } from '@shared/jobs';
import { JobQueue } from '../../core/jobs/queue';
import { assertAvailable } from '@core/catalog/availability';
import { resolveMediaTools } from '@core/tools/binaries';
import { startProcessing } from '@core/services/processing';
import { defaultDataDir } from '@core/services/data-dir';
import { transcribeAfterProcessing } from '@core/services/transcribe-after';
import { STAGES } from '../../core/media/pipeline';
import { cachedSelfTest } from '@core/tools/selftest';
import { type Command, flag, positiveInt, UsageError, withLibrary } from '../command';

type CliStage = { status: string; reason?: string; keptStartSec?: number | null; keptEndSec?: number | null };

function cliStages(stages: Record<string, StageInfo>): Record<string, CliStage> {
  const out: Record<string, CliStage> = {};
  for (const name of STAGES) {
    const s = stages[name];
    const status = s?.status ?? 'pending';
    // Why a stage needs review, was skipped or failed: the person decides what to do from it.
    const why = s?.reason ? { reason: s.reason } : {};
    if (name === 'trim') {
      const num = (v: unknown) => (typeof v === 'number' ? v : null);
      out.trim = { status, ...why, keptStartSec: num(s?.keptStartSec), keptEndSec: num(s?.keptEndSec) };
    } else out[name] = { status, ...why };
  }
  return out;
}

export const processCommand: Command = {
  name: 'process',
  usage: 'reclib process <id...>|--all',
  summary: 'trim silence, extract audio, make the poster and subtitles (--all: every new recording)',
  options: { all: { type: 'boolean' } },
  async run(ctx, positionals, values) {
    const all = flag(values, 'all');
    if (!all && positionals.length === 0) throw new UsageError('process needs recording ids or --all');
    const ids = positionals.map((p) => positiveInt(p, 'recording id'));
    const status = await cachedSelfTest();
    if (!status.ok) throw new Error(`Processing is disabled: ${status.problem ?? ''} ${status.fix ?? ''}`.trim());
    const tools = resolveMediaTools();
    return withLibrary(ctx, { writer: 'reclib process' }, async (lib) => {
      assertAvailable(lib); // offline or degraded: refused before anything is queued
      // The queue marks jobs a crash left running as interrupted; startProcessing undoes their files.
      const queue = new JobQueue(lib, lib.settings().processing.concurrency);
      const stop = () => queue.cancelAll();
      ctx.signal.addEventListener('abort', stop, { once: true });
      const res = await startProcessing(lib, queue, tools, { ids, allNew: all });
      for (const s of res.skipped) ctx.progress(`#${s.id}: not processed: ${s.reason}`);
      let lastLine = 0;
      const off = lib.events.on('job:progress', (job) => {
        if (job.kind !== 'process' || Date.now() - lastLine < 1000) return;
        lastLine = Date.now();
        const pct = Math.round((job.progress.fraction ?? 0) * 100);
        ctx.progress(`#${job.recordingId ?? '?'} ${pct}%${job.progress.current ? ` — ${job.progress.current}` : ''}`);
      });
      await Promise.allSettled(res.done.values());
      await transcribeAfterProcessing(lib, queue, { dataDir: defaultDataDir(), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe }, res.done, (line) => ctx.progress(line));
      off();
      ctx.signal.removeEventListener('abort', stop);
      const unsaved = new Map<number, string>();
      const results = res.jobs.map(({ id, jobId }) => {
        const job = queue.get(jobId);
        if (job && job.state !== 'done') {
          ctx.progress(`#${id}: ${job.state}${job.error ? `: ${job.error}` : ''}`);
          unsaved.set(id, job.state);
        }
        return { id, stages: cliStages(job?.stages ?? {}) };
      });
      const failed = res.jobs.filter(({ jobId }) => queue.get(jobId)?.state !== 'done').length;
      const text = results.length
        ? results
            .map((r) =>
              [
                `#${r.id}`,
                ...Object.entries(r.stages).map(
                  // "kept" only of a cut; a reason's first line (a failure's FFmpeg output is on stderr).
                  // A stage done in a job that did not finish made files that were not kept.
                  ([n, s]) =>
                    unsaved.has(r.id) && s.status === 'done'
                      ? `  ${n.padEnd(10)} done, not saved: the job was ${unsaved.get(r.id)}`
                      : `  ${n.padEnd(10)} ${s.status}${n === 'trim' && s.status === 'done' && s.keptStartSec != null ? ` (kept ${s.keptStartSec}–${s.keptEndSec} s)` : ''}${s.reason ? `: ${s.reason.split('\n')[0]}` : ''}`,
                ),
              ].join('\n'),
            )
            .join('\n')
        : 'Nothing to process.';
      return { json: { results }, text, exitCode: failed > 0 || (results.length === 0 && res.skipped.length > 0 && !all) ? 1 : 0 };
    });
  },
};

export const retryCommand: Command = {
  name: 'retry',
  usage: 'reclib retry <job-id>',
  summary: 'start an interrupted, failed or cancelled job again (processing, transcription, import, export), and wait for it',
  async run(ctx, positionals) {
    if (positionals.length !== 1) throw new UsageError('retry needs one job id');
    const jobId = positiveInt(positionals[0]!, 'job id');
    return withLibrary(ctx, { writer: 'reclib retry' }, async (lib) => {
      assertAvailable(lib); // offline or degraded: refused before anything is queued
      const queue = new JobQueue(lib, lib.settings().processing.concurrency);
      const stop = () => queue.cancelAll();
      ctx.signal.addEventListener('abort', stop, { once: true });
      // Loaded here: a retry may be of any kind of job (import, export...), `process` needs none of them.
      const { retryJob } = await import('@core/services/jobs');
      const again = await retryJob({ lib, queue }, jobId);
      ctx.progress(`job #${jobId} started again as job #${again}`);
      await queue.idle();
      ctx.signal.removeEventListener('abort', stop);
      const job = queue.get(again);
      const state = job?.state ?? 'failed';
      return {
        json: { jobId: again, kind: job?.kind ?? null, state, error: job?.error ?? null },
        text: `Job #${again} (${job?.kind ?? '?'}): ${state}${job?.error ? `: ${job.error}` : ''}`,
        exitCode: state === 'done' ? 0 : 1,
      };
    });
  },
};
