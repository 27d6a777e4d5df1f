/** The journal row of one file's import, and how an unfinished one is undone. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { copyVerified, fsyncDir, PART_SUFFIX, partPath, pruneEmptyDirs } from '../storage/fsops';
import type { Library } from '@core/catalog/library';
import { addFile } from '@core/catalog/repositories/files/ledger';
import type { ImportJournalPayload } from '@core/catalog/repositories/journal/import';
import { isPathRegistered } from '@core/catalog/repositories/files/scan';
import { dropImportingRecording, markImportFailed, restampFileAt } from '@core/catalog/repositories/recordings/import';
import { hashFile } from '../storage/hash';

export type JournalPayload = ImportJournalPayload;

export class ImportError extends Error {
  override name = 'ImportError';
}

/**
 * Whether the file at `destAbs` is provably the copy this import made of `source`: the same file
 * (a --move's hard link) or the same size and content hash. Only such bytes may be removed by a
 * rollback: anything else in their place was changed by someone and is theirs.
 */
async function provablyOurCopy(destAbs: string, source: string): Promise<boolean> {
  const [d, s] = await Promise.all([fs.stat(destAbs), fs.stat(source)]);
  if (d.ino === s.ino && d.dev === s.dev) return true;
  if (d.size !== s.size) return false;
  const [dh, sh] = await Promise.all([hashFile(destAbs), hashFile(source)]);
  return dh.size === sh.size && dh.hash === sh.hash;
}

/**
 * The library copy of an interrupted import differs from its original: changed by hand before the
 * import committed. It is kept where it is, registered as it is (so the catalog, the ledger and the
 * disk agree), and its recording says what happened and what to do.
 */
async function keepChangedCopy(lib: Library, payload: JournalPayload, destAbs: string): Promise<void> {
  const facts = await hashFile(destAbs);
  const st = await fs.stat(destAbs);
  const reason =
    `Its import was interrupted and the copy in the library was changed meanwhile, so it was kept as it is. ` +
    `The original is still at ${payload.source}: import it again, and delete this recording if you do not need the changed copy.`;
  lib.sqlite.transaction(() => {
    if (!isPathRegistered(lib.sqlite, payload.dest)) {
      addFile(lib.sqlite, { recordingId: payload.recordingId, profileId: payload.profileId, kind: 'source', relPath: payload.dest as never, size: facts.size, mtimeMs: st.mtimeMs, inode: st.ino, hash: facts.hash });
    }
    markImportFailed(lib.sqlite, payload.recordingId, reason, facts.size, Date.now());
  })();
  lib.log.warn('an interrupted import left a changed copy; it is kept', { recordingId: payload.recordingId, file: payload.dest, original: payload.source });
}

export type RollbackOutcome = 'undone' | 'committed' | 'kept';

/**
 * Undoes an uncommitted import: the library copy and the reserved row go; the original stays.
 * Bytes are removed only when they are provably this import's copy of the original; a copy that
 * differs is kept and reported ('kept'), never deleted.
 */
export async function rollback(lib: Library, payload: JournalPayload): Promise<RollbackOutcome> {
  const destAbs = lib.paths.abs(payload.dest);
  if (isPathRegistered(lib.sqlite, payload.dest)) return 'committed';
  // The hidden part file is never a finished file: only a copy in progress writes it.
  await fs.rm(partPath(destAbs), { force: true });
  const sourceThere = await fs.stat(payload.source).then(() => true, () => false);
  const destThere = await fs.stat(destAbs).then(() => true, () => false);
  if (destThere && !sourceThere) {
    // Never remove the library copy if the original is gone (a move that got further than we thought).
    throw new ImportError(`cannot roll back the import of ${payload.source}: the original is gone and ${payload.dest} is kept`);
  }
  if (destThere) {
    if (!(await provablyOurCopy(destAbs, payload.source))) {
      await keepChangedCopy(lib, payload, destAbs);
      return 'kept';
    }
    await fs.rm(destAbs, { force: true });
  }
  dropImportingRecording(lib.sqlite, payload.recordingId);
  await pruneEmptyDirs(path.dirname(destAbs), lib.paths.abs(lib.paths.recordingsDir(payload.profileId)));
  return 'undone';
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
  restampFileAt(lib.sqlite, rel, now.ino, now.mtimeMs);
}
