/**
 * Starting a job again, one path for every kind: the job's payload (what it was started with,
 * stored in jobs.payload) is read back, checked against its kind's schema (src-shared/job-kinds)
 * and handed to that kind's start function here. The runners live in core/services because they
 * start feature code; the queue below knows only kinds and payloads.
 */
import { type JobPayload, parseJobPayload } from '@shared/job-kinds';
import { isResumable, type JobInfo, RETRYABLE_STATES, type ResumableKind } from '@shared/jobs';
import { getJobPayload } from '@core/catalog/repositories/jobs';
import type { Library } from '../catalog/library';
import type { JobQueue } from '../jobs/queue';
import { resolveMediaTools } from '../tools/binaries';
import { startExport } from './export-job';
import { startImport } from './import-job';
import { processingTools, startProcessing } from './processing';
import { defaultDataDir } from './data-dir';
import { startTranscription } from './transcription';

export interface JobEnv {
  lib: Library;
  queue: JobQueue;
}

type Runner<K extends ResumableKind> = (env: JobEnv, payload: JobPayload<K>) => Promise<number>;

/** The engines look for ffmpeg themselves and say what is missing; these are only hints. */
function engineTools(): { ffmpeg?: string; ffprobe?: string } {
  try {
    return resolveMediaTools();
  } catch {
    return {};
  }
}

async function processAgain({ lib, queue }: JobEnv, p: JobPayload<'process'>): Promise<number> {
  if (p.transcribe) {
    const tools = engineTools();
    const { engine, model, language, force } = p.transcribe;
    const res = await startTranscription(lib, queue, { dataDir: defaultDataDir(), ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe }, { ids: [p.recordingId], engine, model: model ?? undefined, language, force });
    const started = res.jobs[0];
    if (!started) throw new Error(`Recording #${p.recordingId} was not transcribed again: ${res.skipped[0]?.reason ?? 'unknown reason'}`);
    return started.jobId;
  }
  const tools = await processingTools();
  const res = await startProcessing(lib, queue, tools, { ids: [p.recordingId] });
  const started = res.jobs[0];
  if (!started) throw new Error(`Recording #${p.recordingId} was not processed again: ${res.skipped[0]?.reason ?? 'unknown reason'}`);
  return started.jobId;
}

const runners: { [K in ResumableKind]: Runner<K> } = {
  process: processAgain,
  import: ({ lib, queue }, p) => Promise.resolve(startImport(lib, queue, p).id),
  export: ({ lib, queue }, p) => Promise.resolve(startExport(lib, queue, p).id),
};

/** A processing job from before payloads were stored still names its recording. */
function storedPayload(lib: Library, job: JobInfo): unknown {
  const stored = getJobPayload(lib.sqlite, job.id);
  if (stored === null && job.kind === 'process' && job.recordingId !== null) return { recordingId: job.recordingId };
  return stored;
}

function run<K extends ResumableKind>(env: JobEnv, kind: K, payload: JobPayload<K>): Promise<number> {
  return (runners[kind] as Runner<K>)(env, payload);
}

/** Starts an interrupted, failed or cancelled job again as a new job of the same kind; its id. */
export async function retryJob(env: JobEnv, jobId: number): Promise<number> {
  const job = env.queue.get(jobId);
  if (!job) throw new Error(`There is no job #${jobId}`);
  if (!RETRYABLE_STATES.includes(job.state)) throw new Error(`Job #${jobId} is ${job.state}; only interrupted, failed or cancelled jobs can be run again`);
  if (!isResumable(job.kind)) throw new Error(`Job #${jobId} (${job.kind}) cannot be run again as it was; start it anew`);
  const payload = parseJobPayload(job.kind, storedPayload(env.lib, job));
  if (!payload) throw new Error(`Job #${jobId} did not keep what it was started with; start it anew`);
  return run(env, job.kind, payload);
}
