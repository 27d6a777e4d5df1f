/**
 * Moving a file into trash/ (cleanup's orphans, a migration's changed copy) like a bank moves
 * money: the journal row first, then the verified move, then one transaction that registers the
 * moved file, writes the audit line and closes the row. A kill anywhere in between leaves the row;
 * recovery (on the next open) finishes the move or finds it never happened, so no file ever sits in
 * trash/ unregistered because of us.
 */
import fs from 'node:fs/promises';
import type { Library } from '@core/catalog/library';
import { addFile } from '@core/catalog/repositories/files/ledger';
import { isPathRegistered } from '@core/catalog/repositories/files/scan';
import { writeAudit } from '@core/catalog/repositories/audit';
import { closeQuarantine, listQuarantines, openQuarantine, type QuarantineEntry, type QuarantinePayload } from '@core/catalog/repositories/journal/quarantine';
import { checkAvailability } from '@core/catalog/availability';
import { expectWrite } from '@core/storage/expected-writes';
import { faultPoint } from '@core/storage/faults';
import { durableMove, exists, partPath } from '@core/storage/fsops';
import { type RelPath, toRelPath } from '@core/storage/paths';
import { hashFile } from '@core/storage/hash';
import { errorMessage } from '@shared/errors';

/**
 * Sets the library file `rel` aside in trash/<day of `now`>/<rel>: hashed as it is now, then moved
 * and registered (moveIntoTrash). The caller has checked that it may move.
 */
export async function setAsideInTrash(lib: Library, rel: RelPath, opts: { profileId: number; reason: string; now?: number }): Promise<void> {
  const facts = await hashFile(lib.paths.abs(rel));
  const to = lib.paths.trashItem(new Date(opts.now ?? Date.now()).toISOString().slice(0, 10), rel);
  await moveIntoTrash(lib, { from: rel, to, hash: facts.hash, size: facts.size, profileId: opts.profileId, reason: opts.reason });
}

/** Moves `payload.from` to `payload.to` (both checked by the caller) and registers it there. */
export async function moveIntoTrash(lib: Library, payload: QuarantinePayload): Promise<void> {
  const journalId = openQuarantine(lib.sqlite, payload);
  faultPoint('quarantine:journaled');
  await move(lib, payload);
  faultPoint('quarantine:moved');
  await register(lib, { id: journalId, payload });
}

async function move(lib: Library, p: QuarantinePayload): Promise<void> {
  const src = lib.paths.abs(p.from);
  const dest = lib.paths.abs(p.to);
  expectWrite(src);
  expectWrite(dest);
  await durableMove(src, dest, { expected: { hash: p.hash, size: p.size } });
}

async function register(lib: Library, j: QuarantineEntry): Promise<void> {
  const p = j.payload;
  const st = await fs.lstat(lib.paths.abs(p.to));
  lib.sqlite.transaction(() => {
    addFile(lib.sqlite, { recordingId: null, profileId: p.profileId, kind: 'quarantine', relPath: toRelPath(p.to), size: p.size, mtimeMs: st.mtimeMs, inode: st.ino, hash: p.hash });
    writeAudit(lib.sqlite, { action: 'quarantine', reason: `${p.reason}; moved to ${p.to}`, relPath: p.from, bytes: p.size });
    closeQuarantine(lib.sqlite, j.id);
  })();
}

/**
 * Finishes the quarantines a kill interrupted; returns how many it found. A move that reached
 * trash/ is finished and registered; one that never did is dropped (the file is still where it was,
 * and the next cleanup lists it again). Content that is not what was moved is never removed or
 * registered as ours: the row is closed and both files stay for the next scan and cleanup to judge.
 */
export async function recoverQuarantines(lib: Library): Promise<number> {
  if (lib.readonly || checkAvailability(lib).state !== 'online') return 0;
  const open = listQuarantines(lib.sqlite);
  for (const j of open) {
    const dest = lib.paths.abs(j.payload.to);
    if (isPathRegistered(lib.sqlite, j.payload.to) || !(await exists(dest))) {
      await fs.rm(partPath(dest), { force: true });
      closeQuarantine(lib.sqlite, j.id);
      continue;
    }
    try {
      await move(lib, j.payload);
    } catch (err) {
      lib.log.warn('an interrupted quarantine found other content than it moved; both files are left as they are', { path: j.payload.to, error: errorMessage(err) });
      closeQuarantine(lib.sqlite, j.id);
      continue;
    }
    await register(lib, j);
  }
  return open.length;
}
