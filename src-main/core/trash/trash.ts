/**
 * The deletion lifecycle: delete = trashed (files stay in place, usage retagged to `trash`),
 * restore = back to the previous status, purge = files removed, usage down, row removed, a
 * tombstone kept. A purge is journaled: killed at any point, the next purge or open finishes it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TrashEntry } from '@shared/channels/integrity';
import { writeAudit } from '../catalog/repositories/audit';
import { removeFileRow, retagRecordingUsage } from '../catalog/repositories/files';
import { faultPoint } from '../storage/faults';
import { pruneEmptyDirs, removeEmptyTree, removeFile } from '../storage/fsops';
import { assertAvailable, checkAvailability } from '../catalog/availability';
import type { Library } from '../catalog/library';
import { expectWrite } from '../storage/expected-writes';
import { durably } from '../catalog/connection';

const DAY_MS = 86_400_000;

/** Trash, restore and purge change nothing unless the library is proven online (identity.ts). */
export function assertOnline(lib: Library): void {
  assertAvailable(lib);
}

/** Retention in days for a profile: the profile's own, else the library setting (default 30). */
export function retentionDays(lib: Library, profileId: number): number {
  const row = lib.sqlite.prepare('SELECT retention_days AS d FROM profiles WHERE id = ?').get(profileId) as { d: number | null } | undefined;
  return row?.d ?? lib.settings().retentionDays;
}

export interface IdOutcome {
  done: number[];
  skipped: { id: number; reason: string }[];
}

export function trashRecordings(lib: Library, ids: number[], reason = 'deleted by the user', now = Date.now()): IdOutcome {
  assertOnline(lib);
  const out: IdOutcome = { done: [], skipped: [] };
  const get = lib.sqlite.prepare('SELECT status, size_bytes AS size FROM recordings WHERE id = ?');
  lib.sqlite.transaction(() => {
    for (const id of ids) {
      const r = get.get(id) as { status: string; size: number } | undefined;
      if (!r) out.skipped.push({ id, reason: 'no such recording' });
      else if (r.status === 'trashed') out.skipped.push({ id, reason: 'already in the trash' });
      else if (r.status === 'importing') out.skipped.push({ id, reason: 'still importing' });
      else if (r.status === 'processing') out.skipped.push({ id, reason: 'being processed: cancel the job first' });
      else {
        lib.sqlite
          .prepare("UPDATE recordings SET previous_status = status, status = 'trashed', trashed_at = ?, updated_at = ? WHERE id = ?")
          .run(now, now, id);
        retagRecordingUsage(lib.sqlite, id, true);
        writeAudit(lib.sqlite, { action: 'trash', reason, recordingId: id, bytes: recordingBytes(lib, id) });
        out.done.push(id);
      }
    }
  })();
  if (out.done.length) lib.events.emit('library:changed', { reason: 'trashed', recordingIds: out.done });
  return out;
}

export function restoreRecordings(lib: Library, ids: number[]): IdOutcome {
  assertOnline(lib);
  const out: IdOutcome = { done: [], skipped: [] };
  const get = lib.sqlite.prepare('SELECT status FROM recordings WHERE id = ?');
  const purging = new Set(purgeJournal(lib).map((j) => j.payload.recordingId));
  lib.sqlite.transaction(() => {
    for (const id of ids) {
      const r = get.get(id) as { status: string } | undefined;
      if (!r) out.skipped.push({ id, reason: 'no such recording (purged?)' });
      else if (r.status !== 'trashed') out.skipped.push({ id, reason: 'not in the trash' });
      else if (purging.has(id)) out.skipped.push({ id, reason: 'its files are being removed (purge in progress)' });
      else {
        lib.sqlite
          .prepare(
            "UPDATE recordings SET status = COALESCE(previous_status, 'ready'), previous_status = NULL, trashed_at = NULL, updated_at = ? WHERE id = ?",
          )
          .run(Date.now(), id);
        retagRecordingUsage(lib.sqlite, id, false);
        writeAudit(lib.sqlite, { action: 'restore', reason: 'restored by the user', recordingId: id, bytes: recordingBytes(lib, id) });
        out.done.push(id);
      }
    }
  })();
  if (out.done.length) lib.events.emit('library:changed', { reason: 'restored', recordingIds: out.done });
  return out;
}

export function recordingBytes(lib: Library, id: number): number {
  return (lib.sqlite.prepare('SELECT COALESCE(SUM(size), 0) AS b FROM files WHERE recording_id = ?').get(id) as { b: number }).b;
}

export function listTrash(lib: Library): TrashEntry[] {
  const rows = lib.sqlite
    .prepare(
      `SELECT r.id, r.display_name AS displayName, r.trashed_at AS trashedAt, r.profile_id AS profileId,
              (SELECT COALESCE(SUM(size), 0) FROM files f WHERE f.recording_id = r.id) AS bytes
         FROM recordings r WHERE r.status = 'trashed' ORDER BY r.trashed_at DESC, r.id DESC`,
    )
    .all() as { id: number; displayName: string; trashedAt: number | null; profileId: number; bytes: number }[];
  return rows.map((r) => {
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
  const rows = lib.sqlite
    .prepare(
      `SELECT r.id, r.profile_id AS profileId, r.trashed_at AS trashedAt,
              (SELECT COALESCE(SUM(size), 0) FROM files f WHERE f.recording_id = r.id) AS bytes,
              (SELECT COUNT(*) FROM files f WHERE f.recording_id = r.id) AS files
         FROM recordings r WHERE r.status = 'trashed'`,
    )
    .all() as { id: number; profileId: number; trashedAt: number | null; bytes: number; files: number }[];
  return rows
    .map((r) => ({ ...r, days: retentionDays(lib, r.profileId) }))
    .filter((r) => (r.trashedAt ?? now) + r.days * DAY_MS <= now)
    .map(({ id, bytes, files, days }) => ({ id, bytes, files, days }));
}

interface PurgePayload {
  recordingId: number;
  reason: string;
}

function purgeJournal(lib: Library): { id: number; payload: PurgePayload }[] {
  return (lib.sqlite.prepare("SELECT id, payload FROM journal WHERE op = 'purge'").all() as { id: number; payload: string }[]).map((r) => ({
    id: r.id,
    payload: JSON.parse(r.payload) as PurgePayload,
  }));
}

/**
 * Removes a trashed recording for good. Steps: (1) one transaction writes the journal row and the
 * tombstone; (2) each file is unlinked, then its row and usage go in a transaction (with an audit
 * line); (3) the recording row and the journal row go together. Re-running any step is harmless.
 */
export async function purgeRecording(lib: Library, id: number, reason: string): Promise<{ bytes: number } | null> {
  assertOnline(lib);
  const existing = purgeJournal(lib).find((j) => j.payload.recordingId === id);
  let journalId: number;
  if (existing) journalId = existing.id;
  else {
    const rec = lib.sqlite.prepare('SELECT status, display_name AS name, profile_id AS profileId FROM recordings WHERE id = ?').get(id) as
      | { status: string; name: string; profileId: number }
      | undefined;
    if (!rec || rec.status !== 'trashed') return null;
    const src = lib.sqlite.prepare("SELECT hash, size FROM files WHERE recording_id = ? AND kind = 'source' ORDER BY id LIMIT 1").get(id) as
      | { hash: string; size: number }
      | undefined;
    journalId = durably(lib.sqlite, () => {
      if (src) {
        lib.sqlite
          .prepare('INSERT INTO tombstones (profile_id, recording_id, display_name, size, hash, deleted_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(rec.profileId, id, rec.name, src.size, src.hash, Date.now());
      }
      const payload: PurgePayload = { recordingId: id, reason };
      return Number(lib.sqlite.prepare("INSERT INTO journal (op, step, payload) VALUES ('purge', 'removing', ?)").run(JSON.stringify(payload)).lastInsertRowid);
    });
  }
  faultPoint('purge:journaled');
  const payload = purgeJournal(lib).find((j) => j.id === journalId)!.payload;
  const files = lib.sqlite.prepare('SELECT id, rel_path AS rel, size, profile_id AS profileId FROM files WHERE recording_id = ? ORDER BY id').all(id) as {
    id: number;
    rel: string;
    size: number;
    profileId: number;
  }[];
  let bytes = 0;
  for (const f of files) {
    await removeInLayout(lib, f.rel);
    faultPoint('purge:file-removed');
    lib.sqlite.transaction(() => {
      removeFileRow(lib.sqlite, f.id, true);
      writeAudit(lib.sqlite, { action: 'purge', reason: payload.reason, relPath: f.rel, recordingId: id, bytes: f.size });
    })();
    bytes += f.size;
  }
  const rec = lib.sqlite.prepare('SELECT profile_id AS profileId FROM recordings WHERE id = ?').get(id) as { profileId: number } | undefined;
  lib.sqlite.transaction(() => {
    lib.sqlite.prepare('DELETE FROM recordings WHERE id = ?').run(id);
    lib.sqlite.prepare('DELETE FROM journal WHERE id = ?').run(journalId);
  })();
  if (rec) {
    const dir = lib.paths.abs(lib.paths.recordingDir(rec.profileId, id));
    await removeEmptyTree(dir);
    await pruneEmptyDirs(dir, lib.paths.abs(lib.paths.recordingsDir(rec.profileId)));
  }
  lib.events.emit('library:changed', { reason: 'purged', recordingIds: [id] });
  return { bytes };
}

/** Finishes purges a crash interrupted (called on open and before each cleanup run). */
export async function recoverPurges(lib: Library): Promise<number> {
  if (lib.readonly || checkAvailability(lib).state !== 'online') return 0;
  const open = purgeJournal(lib);
  for (const j of open) {
    const stillThere = lib.sqlite.prepare('SELECT 1 FROM recordings WHERE id = ?').get(j.payload.recordingId);
    if (stillThere) await purgeRecording(lib, j.payload.recordingId, j.payload.reason);
    else lib.sqlite.prepare('DELETE FROM journal WHERE id = ?').run(j.id);
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
