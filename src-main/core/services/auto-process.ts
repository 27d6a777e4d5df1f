/**
 * Processing right after import (issue 16): of the recordings an import brought in, those whose
 * template says "auto-process" are queued for processing, and each is then transcribed when its
 * template (or the library) says "transcribe after processing". Import never fails for it: a
 * recording that cannot be queued is said through `note` and stays ready to process by hand.
 */
import type { JobQueue } from '../jobs/queue';
import type { Library } from '../catalog/library';
import type { MediaTools } from '../tools/binaries';
import type { EngineContext } from '../transcripts/engines';
import { autoProcessIds } from '../templates/auto-process-ids';
import { errorMessage } from '@shared/errors';
import { startProcessing } from './processing';
import { transcribeAfterProcessing } from './transcribe-after';

export interface AutoProcessed {
  /** Processing jobs queued, per recording. */
  jobs: { id: number; jobId: number }[];
  skipped: { id: number; reason: string }[];
  /** Resolves when the processing (and any transcription after it) has ended. */
  finished: Promise<void>;
}

export async function processAfterImport(
  lib: Library,
  queue: JobQueue,
  tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>,
  engineCtx: EngineContext & { ffprobe?: string },
  importedIds: readonly number[],
  note: (line: string) => void = () => undefined,
): Promise<AutoProcessed> {
  const ids = autoProcessIds(lib, importedIds);
  if (ids.length === 0) return { jobs: [], skipped: [], finished: Promise.resolve() };
  try {
    const res = await startProcessing(lib, queue, tools, { ids });
    for (const s of res.skipped) note(`#${s.id}: not processed after import: ${s.reason}`);
    const finished = Promise.allSettled(res.done.values()).then(() => transcribeAfterProcessing(lib, queue, engineCtx, res.done, note));
    return { jobs: res.jobs, skipped: res.skipped, finished };
  } catch (err) {
    const reason = errorMessage(err);
    lib.log.warn('processing after import did not start', { recordings: ids.join(','), error: reason });
    for (const id of ids) note(`#${id}: not processed after import: ${reason}`);
    return { jobs: [], skipped: ids.map((id) => ({ id, reason })), finished: Promise.resolve() };
  }
}
