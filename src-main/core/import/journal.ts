/** The journal row of one file's import, and how an unfinished one is undone. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { copyVerified, fsyncDir, PART_SUFFIX, partPath, pruneEmptyDirs } from '../storage/fsops';
import type { Library } from '../catalog/library';
import { stmt } from '../catalog/statements';

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


/**
 * A --move hard-links the original into the library and then unlinks the original. When that
 * unlink fails, the library copy and the kept original are one file under two names, and a change
 * made to the original in place would change the library's copy: give the library its own bytes.
 */
export async function ownCopy(lib: Library, rel: string): Promise<void> {
  const abs = lib.paths.abs(rel as never);
  const st = await fs.stat(abs);
  if (st.nlink <= 1) return;
  // The part suffix keeps scans and the watcher from taking a leftover of a crash for a file of ours.
  const own = path.join(path.dirname(abs), `.${path.basename(abs)}.own${PART_SUFFIX}`);
  await fs.rm(own, { force: true });
  await copyVerified(abs, own);
  await fs.rename(own, abs);
  await fsyncDir(path.dirname(abs));
  const now = await fs.stat(abs);
  stmt(lib.sqlite, 'UPDATE files SET inode = ?, mtime_ms = ? WHERE rel_path = ?').run(now.ino, Math.round(now.mtimeMs), rel);
}
