/** Queues processing jobs: one job of kind 'process' per recording, never two for the same one. */
import type { ProcessStartResult } from '@shared/channels/processing';
import { readyRecordingIds, recordingNameAndStatus } from '@core/catalog/repositories/recordings/jobs';
import type { JobQueue } from '../jobs/queue';
import type { Library } from '../catalog/library';
import { type MediaTools, resolveMediaTools } from '../tools/binaries';
import { mediaStatus } from '../tools/selftest';
import { initialStages, type ProcessOutcome, processRecording } from '../media/pipeline';
import { remakeable } from '../media/remake';

export interface Queued extends ProcessStartResult {
  done: Map<number, Promise<ProcessOutcome>>;
}

const NOT_PROCESSABLE: Record<string, string> = {
  importing: 'it is still being imported',
  processing: 'it is being processed',
  trashed: 'it is in the trash',
  offline: 'the library is offline',
};

function activeProcessJobs(queue: JobQueue): Map<number, number> {
  const byRecording = new Map<number, number>();
  for (const j of queue.active()) {
    if (j.kind === 'process' && (j.state === 'queued' || j.state === 'running') && j.recordingId !== null) byRecording.set(j.recordingId, j.id);
  }
  return byRecording;
}

/** The media tools for processing; refused up front when the self-test failed, with the same words the banner shows. */
export async function processingTools(): Promise<Pick<MediaTools, 'ffmpeg' | 'ffprobe'>> {
  const status = await mediaStatus();
  if (!status.ok) throw new Error(`Processing is disabled: ${status.problem ?? 'FFmpeg does not work'} ${status.fix ?? ''}`.trim());
  return resolveMediaTools();
}

export async function startProcessing(lib: Library, queue: JobQueue, tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>, req: { ids?: number[]; allNew?: boolean }): Promise<Queued> {
  const active = activeProcessJobs(queue);
  const ids = new Set(req.ids ?? []);
  if (req.allNew) for (const id of readyRecordingIds(lib.sqlite)) ids.add(id);
  const result: Queued = { jobs: [], skipped: [], done: new Map() };
  for (const id of ids) {
    const rec = recordingNameAndStatus(lib.sqlite, id);
    if (!rec) {
      result.skipped.push({ id, reason: `there is no recording #${id}` });
      continue;
    }
    if (active.has(id)) {
      result.skipped.push({ id, reason: `it is already being processed (job #${active.get(id)})` });
      continue;
    }
    // A missing recording whose source is there gets its outputs made again (media/remake.ts).
    const why = rec.status === 'missing' ? (remakeable(lib, id) ? undefined : 'its source file is missing') : NOT_PROCESSABLE[rec.status];
    if (why) {
      result.skipped.push({ id, reason: why });
      continue;
    }
    const job = queue.enqueue({
      kind: 'process',
      title: `Process "${rec.name}"`,
      recordingId: id,
      stages: initialStages(),
      payload: { recordingId: id },
      run: (ctx) => processRecording(lib, tools, id, ctx),
    });
    job.done.catch(() => undefined); // the outcome is in the job's state
    result.jobs.push({ id, jobId: job.id });
    result.done.set(id, job.done);
  }
  return result;
}
