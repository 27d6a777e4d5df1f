/**
 * The usage ledger. Every change to the files table goes through these functions, inside the
 * caller's transaction, so the ledger and the file rows can never disagree; reading usage is a
 * lookup of at most (profiles x kinds) rows, whatever the size of the library.
 */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';
import { type FileKind, USAGE_KINDS, type UsageKind, type ProfileUsage, usageKindOf } from '@shared/domain';
import { formatBytes } from '@shared/format';
import type { RelPath } from '../../../storage/paths';

export { formatBytes };

export interface NewFile {
  recordingId: number | null;
  profileId: number;
  kind: FileKind;
  relPath: RelPath;
  size: number;
  mtimeMs: number;
  inode: number | null;
  hash: string;
}

export interface FileRow extends NewFile {
  id: number;
}

function bump(sqlite: Database.Database, profileId: number, kind: UsageKind, bytes: number, files: number): void {
  stmt(
    sqlite,
    `INSERT INTO usage (profile_id, kind, bytes, files) VALUES (?, ?, ?, ?)
     ON CONFLICT (profile_id, kind) DO UPDATE SET bytes = bytes + excluded.bytes, files = files + excluded.files`,
  ).run(profileId, kind, bytes, files);
}

/**
 * Whether a file's bytes count as `trash`: exactly when its recording is in the trash. The ledger
 * asks the catalog instead of trusting each caller to say so, so that no path (an undo, a resumed
 * migration, a scan) can book a trashed recording's bytes under their own kinds.
 */
function inTrash(sqlite: Database.Database, recordingId: number | null): boolean {
  if (recordingId === null) return false;
  const r = stmt(sqlite, 'SELECT status FROM recordings WHERE id = ?').get(recordingId) as { status: string } | undefined;
  return r?.status === 'trashed';
}

/** Registers a complete file; call inside the transaction that also commits its recording's state. */
export function addFile(sqlite: Database.Database, f: NewFile): number {
  const info = stmt(
    sqlite,
    `INSERT INTO files (recording_id, profile_id, kind, rel_path, size, mtime_ms, inode, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(f.recordingId, f.profileId, f.kind, f.relPath, f.size, Math.round(f.mtimeMs), f.inode, f.hash);
  bump(sqlite, f.profileId, usageKindOf(f.kind, inTrash(sqlite, f.recordingId)), f.size, 1);
  return Number(info.lastInsertRowid);
}

/** Call before the recording's own row goes: its status says which kind the bytes are booked under. */
export function removeFileRow(sqlite: Database.Database, fileId: number): FileRow | null {
  const row = getFileRow(sqlite, fileId);
  if (!row) return null;
  stmt(sqlite, 'DELETE FROM files WHERE id = ?').run(fileId);
  bump(sqlite, row.profileId, usageKindOf(row.kind, inTrash(sqlite, row.recordingId)), -row.size, -1);
  return row;
}

/** A file whose bytes changed on disk (re-verified by the scanner). */
export function updateFileFacts(
  sqlite: Database.Database,
  fileId: number,
  facts: { size: number; mtimeMs: number; inode: number | null; hash: string; relPath?: RelPath },
): void {
  const row = getFileRow(sqlite, fileId);
  if (!row) return;
  stmt(sqlite, 'UPDATE files SET size = ?, mtime_ms = ?, inode = ?, hash = ?, rel_path = ? WHERE id = ?')
    .run(facts.size, Math.round(facts.mtimeMs), facts.inode, facts.hash, facts.relPath ?? row.relPath, fileId);
  bump(sqlite, row.profileId, usageKindOf(row.kind, inTrash(sqlite, row.recordingId)), facts.size - row.size, 0);
}

/**
 * Subtitles we made, edited by a person, become a transcript of theirs (kind `transcript`), which
 * no stage writes over. Usage does not move: subtitles count as transcripts.
 */
export function markFileTheirs(sqlite: Database.Database, fileId: number): void {
  stmt(sqlite, "UPDATE files SET kind = 'transcript' WHERE id = ? AND kind = 'subtitle'").run(fileId);
}

/** Moves a recording's bytes between their own kinds and `trash` when it is trashed or restored. */
export function retagRecordingUsage(sqlite: Database.Database, recordingId: number, toTrash: boolean): void {
  const rows = stmt(sqlite, 'SELECT profile_id AS profileId, kind, size FROM files WHERE recording_id = ?')
    .all(recordingId) as { profileId: number; kind: FileKind; size: number }[];
  for (const r of rows) {
    bump(sqlite, r.profileId, usageKindOf(r.kind, !toTrash), -r.size, -1);
    bump(sqlite, r.profileId, usageKindOf(r.kind, toTrash), r.size, 1);
  }
}

export function getFileRow(sqlite: Database.Database, fileId: number): FileRow | null {
  const row = stmt(
    sqlite,
    `SELECT id, recording_id AS recordingId, profile_id AS profileId, kind, rel_path AS relPath, size,
            mtime_ms AS mtimeMs, inode, hash FROM files WHERE id = ?`,
  ).get(fileId) as FileRow | undefined;
  return row ?? null;
}

export function emptyByKind(): Record<UsageKind, number> {
  return Object.fromEntries(USAGE_KINDS.map((k) => [k, 0])) as Record<UsageKind, number>;
}

/** Usage of every profile, from the ledger only (O(profiles x kinds)). */
export function readUsage(sqlite: Database.Database): ProfileUsage[] {
  const profs = stmt(sqlite, 'SELECT id, name, quota_bytes AS quota FROM profiles ORDER BY id').all() as {
    id: number;
    name: string;
    quota: number | null;
  }[];
  const rows = stmt(sqlite, 'SELECT profile_id AS profileId, kind, bytes FROM usage').all() as {
    profileId: number;
    kind: UsageKind;
    bytes: number;
  }[];
  return profs.map((p) => {
    const byKind = emptyByKind();
    for (const r of rows) if (r.profileId === p.id && r.kind in byKind) byKind[r.kind] += Math.max(0, r.bytes);
    const usedBytes = Object.values(byKind).reduce((a, b) => a + b, 0);
    return { id: p.id, name: p.name, usedBytes, limitBytes: p.quota, byKind };
  });
}

export class QuotaError extends Error {
  override name = 'QuotaError';
}

/** Refuses, before any byte is copied, an import that would go over the profile's limit. */
export function assertQuota(sqlite: Database.Database, profileId: number, incomingBytes: number): void {
  const p = readUsage(sqlite).find((u) => u.id === profileId);
  if (!p) throw new QuotaError(`profile ${profileId} does not exist`);
  if (p.limitBytes === null) return;
  const free = Math.max(0, p.limitBytes - p.usedBytes);
  if (p.usedBytes > p.limitBytes && incomingBytes > 0) {
    // Processing may take a profile over its limit (its outputs are never refused half way).
    throw new QuotaError(`Profile "${p.name}" is already over its limit: ${formatBytes(p.usedBytes)} of ${formatBytes(p.limitBytes)} is used. Free some space in it, or raise its limit.`);
  }
  if (incomingBytes > free) {
    throw new QuotaError(
      `Profile "${p.name}" would go over its limit: the import needs ${formatBytes(incomingBytes)} but only ${formatBytes(free)} ` +
        `of ${formatBytes(p.limitBytes)} is free.`,
    );
  }
}
