/**
 * The import kind of the one recovery (services/recovery.ts): finishes or undoes imports that a
 * crash, kill or power cut interrupted, from their journal rows. Touches only what imports own:
 * `import` journal rows and the `importing` recordings they reserved (a migration reserves
 * `importing` rows too; those are its run's, resumed or undone by the run). Converges: running it
 * twice is a no-op.
 */
import fs from 'node:fs/promises';
import { addFile } from '@core/catalog/repositories/files/ledger';
import { closeImportJournal, listImportJournal, strayImportReservations } from '@core/catalog/repositories/journal/import';
import { dropImportingRecording, fileFactsAt, markImportReady } from '@core/catalog/repositories/recordings/import';
import { hashFile } from '../storage/hash';
import { PART_SUFFIX, pruneEmptyDirs, removeFile } from '../storage/fsops';
import path from 'node:path';
import type { Library } from '@core/catalog/library';
import { type JournalPayload, ownCopy, rollback } from './journal';
import { errorMessage } from '@shared/errors';

async function present(p: string): Promise<boolean> {
  return fs.stat(p).then(() => true, () => false);
}

/**
 * The recording of an interrupted --move is committed; its original goes if it is still the same
 * regular file. If it cannot be removed it stays, and the journal row goes anyway: a kept original
 * must never block the next import.
 */
async function finishMove(lib: Library, p: JournalPayload): Promise<void> {
  try {
    const st = await fs.lstat(p.source).catch(() => null);
    if (!st || !st.isFile()) return; // gone already, or a link or something else now: never removed
    const file = fileFactsAt(lib.sqlite, p.dest);
    const src = await hashFile(p.source);
    if (file && file.hash === src.hash && file.size === src.size) await removeFile(p.source);
  } catch (err) {
    lib.log.warn('the original of an interrupted move is kept', { file: p.source, error: errorMessage(err) });
    await ownCopy(lib, p.dest).catch(() => undefined);
  }
}

export async function recoverImports(lib: Library): Promise<number> {
  if (lib.readonly) return 0;
  const rows = listImportJournal(lib.sqlite);
  for (const row of rows) {
    const p = row.payload;
    const destAbs = lib.paths.abs(p.dest);
    if (row.step === 'copying') {
      if (await present(p.source)) {
        await rollback(lib, p);
      } else if (await present(destAbs)) {
        // The original is gone but the library copy was renamed into place only after it was verified: keep it.
        const facts = await hashFile(destAbs);
        const st = await fs.stat(destAbs);
        lib.sqlite.transaction(() => {
          addFile(lib.sqlite, { recordingId: p.recordingId, profileId: p.profileId, kind: 'source', relPath: p.dest as never, size: facts.size, mtimeMs: st.mtimeMs, inode: st.ino, hash: facts.hash });
          markImportReady(lib.sqlite, p.recordingId, facts.size);
        })();
      } else {
        dropImportingRecording(lib.sqlite, p.recordingId);
      }
    } else if (row.step === 'committed' && p.move) {
      await finishMove(lib, p);
    }
    closeImportJournal(lib.sqlite, row.id);
    lib.log.info('recovered an interrupted import', { recordingId: p.recordingId, step: row.step });
  }
  // A reservation whose journal row could not be written (a full disk) has no file: drop it, with
  // the part files of its copy. Whatever else is in its folder was put there by someone: it stays.
  const strays = strayImportReservations(lib.sqlite);
  for (const s of strays) {
    const dir = lib.paths.abs(lib.paths.recordingDir(s.profileId, s.id));
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    for (const n of names) if (n.startsWith('.source.') && n.endsWith(PART_SUFFIX)) await fs.rm(path.join(dir, n), { force: true });
    dropImportingRecording(lib.sqlite, s.id);
    await pruneEmptyDirs(dir, lib.paths.abs(lib.paths.recordingsDir(s.profileId)));
  }
  return rows.length + strays.length;
}
