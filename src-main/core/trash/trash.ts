/**
 * The deletion lifecycle: delete = trashed (files stay in place, usage retagged to `trash`),
 * restore = back to the previous status, purge = files removed, usage down, row removed, a
 * tombstone kept. A purge is journaled: killed at any point, the next purge or open finishes it.
 */
import { lstatSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TrashEntry } from '@shared/channels/integrity';
import { writeAudit } from '@core/catalog/repositories/audit';
import { removeFileRow, retagRecordingUsage } from '@core/catalog/repositories/files/ledger';
import { addPurge, listPurges, removePurge } from '@core/catalog/repositories/journal/purge';
import {
  addTombstone,
  deleteRecordingRow,
  listTrashed,
  listTrashedWithFiles,
  markRestored,
  markTrashed,
  profileRetentionDays,
  recordingBytes,
  recordingExists,
  recordingFiles,
  recordingProfileId,
  recordingStatus,
  removalFacts,
  sourceFingerprint,
} from '@core/catalog/repositories/recordings/trash';
import { markRecordingMissing } from '@core/catalog/repositories/recordings/scan';
import { faultPoint } from '@core/storage/faults';
import { pruneEmptyDirs, removeEmptyTree, removeFile } from '@core/storage/fsops';
import { assertAvailable, checkAvailability } from '@core/catalog/availability';
import type { Library } from '@core/catalog/library';
import { expectWrite } from '@core/storage/expected-writes';
import { durably } from '@core/catalog/connection';

const DAY_MS = 86_400_000;

/** Trash, restore and purge change nothing unless the library is proven online (identity.ts). */
export function assertOnline(lib: Library): void {
  assertAvailable(lib);
}

/** Retention in days for a profile: the profile's own, else the library setting (default 30). */
export function retentionDays(lib: Library, profileId: number): number {
  return profileRetentionDays(lib.sqlite, profileId) ?? lib.settings().retentionDays;
}

export interface IdOutcome {
  done: number[];
  skipped: { id: number; reason: string }[];
}

export function trashRecordings(lib: Library, ids: number[], reason = 'deleted by the user', now = Date.now()): IdOutcome {
  assertOnline(lib);
  const out: IdOutcome = { done: [], skipped: [] };
  lib.sqlite.transaction(() => {
    for (const id of ids) {
      const status = recordingStatus(lib.sqlite, id);
      if (!status) out.skipped.push({ id, reason: 'no such recording' });
      else if (status === 'trashed') out.skipped.push({ id, reason: 'already in the trash' });
      else if (status === 'importing') out.skipped.push({ id, reason: 'still importing' });
      else if (status === 'processing') out.skipped.push({ id, reason: 'being processed: cancel the job first' });
      else {
        markTrashed(lib.sqlite, id, now);
        retagRecordingUsage(lib.sqlite, id, true);
        writeAudit(lib.sqlite, { action: 'trash', reason, recordingId: id, bytes: recordingBytes(lib.sqlite, id) });
        out.done.push(id);
      }
    }
  })();
  if (out.done.length) lib.events.emit('library:changed', { reason: 'trashed', recordingIds: out.done });
  return out;
}

/** `alsoOnRestore`: what a higher floor changes with each restored recording, in the same transaction. */
export function restoreRecordings(lib: Library, ids: number[], alsoOnRestore?: (id: number) => void): IdOutcome {
  assertOnline(lib);
  const out: IdOutcome = { done: [], skipped: [] };
  const purging = new Set(listPurges(lib.sqlite).map((j) => j.payload.recordingId));
  lib.sqlite.transaction(() => {
    for (const id of ids) {
      const status = recordingStatus(lib.sqlite, id);
      if (!status) out.skipped.push({ id, reason: 'no such recording (purged?)' });
      else if (status !== 'trashed') out.skipped.push({ id, reason: 'not in the trash' });
      else if (purging.has(id)) out.skipped.push({ id, reason: 'its files are being removed (purge in progress)' });
      else {
        markRestored(lib.sqlite, id, Date.now());
        // Its files may have gone while it was in the trash: it comes back as the scan would find it.
        const gone = recordingFiles(lib.sqlite, id).find((f) => !isFileAt(lib.paths.abs(f.relPath)));
        if (gone) markRecordingMissing(lib.sqlite, id, `a file is gone from the library folder: ${gone.relPath}`, Date.now());
        alsoOnRestore?.(id);
        retagRecordingUsage(lib.sqlite, id, false);
        writeAudit(lib.sqlite, { action: 'restore', reason: 'restored by the user', recordingId: id, bytes: recordingBytes(lib.sqlite, id) });
        out.done.push(id);
      }
    }
  })();
  if (out.done.length) lib.events.emit('library:changed', { reason: 'restored', recordingIds: out.done });
  return out;
}

/** A regular file at `abs` (a link where a file should be is not it, as for the scanner). */
function isFileAt(abs: string): boolean {
  try {
    return lstatSync(abs).isFile();
  } catch {
    return false;
  }
}

export function listTrash(lib: Library): TrashEntry[] {
  return listTrashed(lib.sqlite).map((r) => {
    const at = r.trashedAt ?? Date.now();
    return {
      id: r.id,
      displayName: r.displayName,
      profileId: r.profileId,
      bytes: r.bytes,
      trashedAt: new Date(at).toISOString(),
      purgeAt: new Date(at + retentionDays(lib, r.profileId) * DAY_MS).toISOString(),
    };
  });
}

/** Trashed recordings whose retention has ended. */
export function expiredTrash(lib: Library, now = Date.now()): { id: number; bytes: number; files: number; days: number }[] {
  return listTrashedWithFiles(lib.sqlite)
    .map((r) => ({ ...r, days: retentionDays(lib, r.profileId) }))
    .filter((r) => (r.trashedAt ?? now) + r.days * DAY_MS <= now)
    .map(({ id, bytes, files, days }) => ({ id, bytes, files, days }));
}

/**
 * Step 1 of a purge: the journal row and the tombstone, durably, in one transaction. Returns the
 * journal row's id, or null when the recording is not (or no longer) in the trash.
 */
function journalPurge(lib: Library, id: number, reason: string): number | null {
  const rec = removalFacts(lib.sqlite, id);
  if (!rec || rec.status !== 'trashed') return null;
  const src = sourceFingerprint(lib.sqlite, id);
  return durably(lib.sqlite, () => {
    if (src) {
      addTombstone(lib.sqlite, { profileId: rec.profileId, recordingId: id, displayName: rec.displayName, size: src.size, hash: src.hash, deletedAt: Date.now() });
    }
    return addPurge(lib.sqlite, { recordingId: id, reason });
  });
}

/**
 * Removes a trashed recording for good. Steps: (1) one transaction writes the journal row and the
 * tombstone; (2) each file is unlinked, then its row and usage go in a transaction (with an audit
 * line); (3) the recording row and the journal row go together. Re-running any step is harmless.
 */
export async function purgeRecording(lib: Library, id: number, reason: string): Promise<{ bytes: number } | null> {
  assertOnline(lib);
  const existing = listPurges(lib.sqlite).find((j) => j.payload.recordingId === id);
  const journalId = existing ? existing.id : journalPurge(lib, id, reason);
  if (journalId === null) return null;
  faultPoint('purge:journaled');
  const payload = listPurges(lib.sqlite).find((j) => j.id === journalId)!.payload;
  let bytes = 0;
  for (const f of recordingFiles(lib.sqlite, id)) {
    await removeInLayout(lib, f.relPath);
    faultPoint('purge:file-removed');
    lib.sqlite.transaction(() => {
      removeFileRow(lib.sqlite, f.id);
      writeAudit(lib.sqlite, { action: 'purge', reason: payload.reason, relPath: f.relPath, recordingId: id, bytes: f.size });
    })();
    bytes += f.size;
  }
  const profileId = recordingProfileId(lib.sqlite, id);
  lib.sqlite.transaction(() => {
    deleteRecordingRow(lib.sqlite, id);
    removePurge(lib.sqlite, journalId);
  })();
  if (profileId !== undefined) {
    const dir = lib.paths.abs(lib.paths.recordingDir(profileId, id));
    await removeEmptyTree(dir);
    await pruneEmptyDirs(dir, lib.paths.abs(lib.paths.recordingsDir(profileId)));
  }
  lib.events.emit('library:changed', { reason: 'purged', recordingIds: [id] });
  return { bytes };
}

/**
 * The purge kind of the one recovery (services/recovery.ts, on open; nothing else calls it):
 * finishes purges a crash interrupted.
 */
export async function recoverPurges(lib: Library): Promise<number> {
  if (lib.readonly || checkAvailability(lib).state !== 'online') return 0;
  const open = listPurges(lib.sqlite);
  for (const j of open) {
    if (recordingExists(lib.sqlite, j.payload.recordingId)) await purgeRecording(lib, j.payload.recordingId, j.payload.reason);
    else removePurge(lib.sqlite, j.id);
  }
  return open.length;
}

/**
 * Removes one file of our layout: the path must stay inside the library through every link of
 * its folders, and the file itself is unlinked, never followed (a link is removed, not its target).
 */
export async function removeInLayout(lib: Library, rel: string): Promise<void> {
  const abs = lib.paths.abs(rel);
  lib.paths.assertNoEscape(path.posix.dirname(rel) === '.' ? rel : path.posix.dirname(rel));
  let st;
  try {
    st = await fs.lstat(abs);
  } catch {
    return; // already gone: the purge converges
  }
  if (st.isDirectory()) throw new Error(`${rel} is a folder where a file was expected; left in place`);
  expectWrite(abs);
  await removeFile(abs);
}
