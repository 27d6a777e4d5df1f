/**
 * A set-aside media file becomes a recording again: an ordinary import job reads it from trash/
 * (the importer admits exactly such files), one job per profile, so each lands in the profile the
 * cleanup took it from.
 */
import type { Library } from '../catalog/library';
import { listSetAside } from '../cleanup/set-aside';
import type { JobQueue } from '../jobs/queue';
import { startImport } from './import-job';

export function importSetAside(lib: Library, queue: JobQueue, ids: number[]): { jobIds: number[]; skipped: { id: number; reason: string }[] } {
  const byId = new Map(listSetAside(lib).map((e) => [e.id, e]));
  const skipped: { id: number; reason: string }[] = [];
  const byProfile = new Map<number, string[]>();
  for (const id of ids) {
    const e = byId.get(id);
    if (!e) skipped.push({ id, reason: 'not a file set aside by a cleanup (already removed, or never set aside)' });
    else if (!e.importable) skipped.push({ id, reason: 'not audio or video by its name: it cannot become a recording' });
    else byProfile.set(e.profileId, [...(byProfile.get(e.profileId) ?? []), lib.paths.abs(e.path)]);
  }
  const jobIds = [...byProfile].map(([profileId, paths]) => startImport(lib, queue, { paths, move: false, profileId, force: false }).id);
  return { jobIds, skipped };
}
