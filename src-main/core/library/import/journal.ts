/** The journal row of one file's import, and how an unfinished one is undone. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { partPath, pruneEmptyDirs } from '../../storage/fsops';
import type { Library } from '../library';
import { stmt } from '../../db/statements';

export interface JournalPayload {
  recordingId: number;
  profileId: number;
  source: string;
  dest: string;
  move: boolean;
}

export class ImportError extends Error {
  override name = 'ImportError';
}

/** Undoes an uncommitted import: the library copy and the reserved row go; the original stays. */
export async function rollback(lib: Library, payload: JournalPayload): Promise<void> {
  const destAbs = lib.paths.abs(payload.dest);
  const registered = stmt(lib.sqlite, 'SELECT 1 FROM files WHERE rel_path = ?').get(payload.dest);
  if (!registered) {
    await fs.rm(partPath(destAbs), { force: true });
    // Never remove the library copy if the original is gone (a move that got further than we thought).
    const sourceThere = await fs.stat(payload.source).then(() => true, () => false);
    const destThere = await fs.stat(destAbs).then(() => true, () => false);
    if (destThere && !sourceThere) {
      // The only complete copy is ours: keep it for recoverImports to register.
      throw new ImportError(`cannot roll back the import of ${payload.source}: the original is gone and ${payload.dest} is kept`);
    }
    await fs.rm(destAbs, { force: true });
    stmt(lib.sqlite, "DELETE FROM recordings WHERE id = ? AND status = 'importing'").run(payload.recordingId);
    await pruneEmptyDirs(path.dirname(destAbs), lib.paths.abs(lib.paths.recordingsDir(payload.profileId)));
  }
}

