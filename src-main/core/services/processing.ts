/** Queues processing jobs: one job of kind 'process' per recording, never two for the same one. */
import type { ProcessStartResult } from '@shared/channels/processing';
import type { JobQueue } from '../jobs/queue';
import type { Library } from '../catalog/library';
import type { MediaTools } from '../tools/binaries';
import { initialStages, type ProcessOutcome, processRecording } from '../media/pipeline';

export interface Queued extends ProcessStartResult {
  done: Map<number, Promise<ProcessOutcome>>;
}

const NOT_PROCESSABLE: Record<string, string> = {
  importing: 'it is still being imported',
  processing: 'it is being processed',
  trashed: 'it is in the trash',
  missing: 'its files are missing',
  offline: 'the library is offline',
};

function activeProcessJobs(queue: JobQueue): Map<number, number> {
  const byRecording = new Map<number, number>();
  for (const j of queue.active()) {
    if (j.kind === 'process' && (j.state === 'queued' || j.state === 'running') && j.recordingId !== null) byRecording.set(j.recordingId, j.id);
  }
  return byRecording;
}

export async function startProcessing(lib: Library, queue: JobQueue, tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>, req: { ids?: number[]; allNew?: boolean }): Promise<Queued> {
  const active = activeProcessJobs(queue);
  const ids = new Set(req.ids ?? []);
  if (req.allNew) {
    for (const r of lib.sqlite.prepare("SELECT id FROM recordings WHERE status = 'ready' ORDER BY id").all() as { id: number }[]) ids.add(r.id);
  }
  const result: Queued = { jobs: [], skipped: [], done: new Map() };
  for (const id of ids) {
    const rec = lib.sqlite.prepare('SELECT display_name AS name, status FROM recordings WHERE id = ?').get(id) as { name: string; status: string } | undefined;
    if (!rec) {
      result.skipped.push({ id, reason: `there is no recording #${id}` });
      continue;
    }
    if (active.has(id)) {
      result.skipped.push({ id, reason: `it is already being processed (job #${active.get(id)})` });
      continue;
    }
    const why = NOT_PROCESSABLE[rec.status];
    if (why) {
      result.skipped.push({ id, reason: why });
      continue;
    }
    const job = queue.enqueue({
      kind: 'process',
      title: `Process "${rec.name}"`,
      recordingId: id,
      stages: initialStages(),
      run: (ctx) => processRecording(lib, tools, id, ctx),
    });
    job.done.catch(() => undefined); // the outcome is in the job's state
    result.jobs.push({ id, jobId: job.id });
    result.done.set(id, job.done);
  }
  return result;
}

/** A new job for the recording of an interrupted, failed or cancelled processing job. */
export async function retryProcessing(lib: Library, queue: JobQueue, tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>, jobId: number): Promise<number> {
  const job = queue.get(jobId);
  if (!job) throw new Error(`There is no job #${jobId}`);
  if (job.kind !== 'process' || job.recordingId === null) throw new Error(`Job #${jobId} is not a processing job`);
  if (!['interrupted', 'failed', 'cancelled'].includes(job.state)) throw new Error(`Job #${jobId} is ${job.state}; only interrupted, failed or cancelled jobs can be run again`);
  const res = await startProcessing(lib, queue, tools, { ids: [job.recordingId] });
  const started = res.jobs[0];
  if (!started) throw new Error(`Recording #${job.recordingId} was not processed again: ${res.skipped[0]?.reason ?? 'unknown reason'}`);
  return started.jobId;
}
