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
  const rows = lib.sqlite
    .prepare(
      `SELECT r.id, (SELECT f.rel_path FROM files f WHERE f.recording_id = r.id AND f.kind IN ('video', 'source', 'audio')
                      ORDER BY CASE f.kind WHEN 'video' THEN 0 WHEN 'source' THEN 1 ELSE 2 END LIMIT 1) AS rel
         FROM recordings r WHERE r.duration_ms = 0 AND r.status NOT IN ('importing', 'trashed', 'missing', 'offline')`,
    )
    .all() as { id: number; rel: string | null }[];
  const todo = rows.filter((r): r is { id: number; rel: string } => r.rel !== null);
  const report: ProbeMissingReport = { probed: 0, failed: [] };
  const update = lib.sqlite.prepare('UPDATE recordings SET duration_ms = ?, media = ?, updated_at = ? WHERE id = ? AND duration_ms = 0');
  let done = 0;
  await mapPool(todo, 4, async (r) => {
    opts.signal?.throwIfAborted();
    try {
      const info = await probe(tools.ffprobe, lib.paths.abs(r.rel), opts.signal);
      update.run(Math.round(info.durationSec * 1000), JSON.stringify(info), Date.now(), r.id);
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
