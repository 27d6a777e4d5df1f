/**
 * The id an imported recording gets: the catalog's next one, unless its folder is already on disk.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { Library } from '@core/catalog/library';
import { nextRecordingId } from '@core/catalog/repositories/recordings/ids';

/** The profile folders under users/ (by their numeric names). */
export function profileFolders(lib: Library): string[] {
  try {
    return readdirSync(lib.paths.abs('users')).filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
}

/**
 * The catalog's next id, moved past any id whose folder is on disk in some profile: a catalog
 * restored from an older backup does not know the recordings imported since, and their folders
 * must never be written into, nor their files taken for this import's copy. (Synchronous: it runs
 * inside the transaction that reserves the id.)
 */
export function unusedRecordingId(lib: Library, profileDirs: string[]): number {
  const taken = recordingFolderOnDisk(lib, profileDirs);
  let id = nextRecordingId(lib.sqlite);
  while (taken(id)) id++;
  return id;
}

/** Whether a recording id has a folder on disk in some profile (the migration's planner numbers past them too). */
export function recordingFolderOnDisk(lib: Library, profileDirs = profileFolders(lib)): (id: number) => boolean {
  return (id) => profileDirs.some((uid) => existsSync(lib.paths.abs(lib.paths.recordingDir(Number(uid), id))));
}
