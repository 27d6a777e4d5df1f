/**
 * Fills in duration and stream facts for recordings that arrived without them (a migration moves
 * files without probing them, so that moving stays as cheap as `mv`). Reads with ffprobe, a few at
 * a time; a file ffprobe cannot read keeps its zero duration and is reported, never changed.
 */
import type { JobProgress } from '@shared/jobs';
import { mapPool } from '../jobs/pool';
import type { MediaTools } from '../tools/binaries';
import { probe } from '../tools/probe';
import type { Library } from '../catalog/library';
import { listRecordingsWithoutDuration, setProbedMedia } from '../catalog/repositories/recordings/migration';
import { errorMessage } from '@shared/errors';

export interface ProbeMissingReport {
  probed: number;
  failed: { id: number; reason: string }[];
}

export async function probeMissingDurations(
  lib: Library,
  tools: Pick<MediaTools, 'ffprobe'>,
  opts: { signal?: AbortSignal; onProgress?: (p: Partial<JobProgress>) => void } = {},
): Promise<ProbeMissingReport> {
  // The main media file of each recording without a duration: its video, else its source, else its audio.
  const todo = listRecordingsWithoutDuration(lib.sqlite).filter((r): r is { id: number; relPath: string } => r.relPath !== null);
  const report: ProbeMissingReport = { probed: 0, failed: [] };
  let done = 0;
  await mapPool(todo, 4, async (r) => {
    opts.signal?.throwIfAborted();
    try {
      const info = await probe(tools.ffprobe, lib.paths.abs(r.relPath), opts.signal);
      setProbedMedia(lib.sqlite, r.id, info, Date.now());
      report.probed++;
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      report.failed.push({ id: r.id, reason: errorMessage(err) });
    } finally {
      opts.onProgress?.({ done: ++done, total: todo.length, current: 'reading durations' });
    }
  });
  if (report.probed) lib.events.emit('library:changed', { reason: 'durations' });
  return report;
}
