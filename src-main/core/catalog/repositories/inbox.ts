/** The inbox tables (migration 0004): watched folders and the entries each has handled. */
import type Database from 'better-sqlite3';
import type { InboxFolder, InboxOutcome } from '@shared/inbox';
import { stmt } from '../statements';

interface FolderRow {
  id: number;
  path: string;
  move: number;
  profileId: number;
  process: number;
  transcribe: number;
}

const FOLDER_COLUMNS = 'id, path, move, profile_id AS profileId, process, transcribe';

function toFolder(r: FolderRow): InboxFolder {
  return { id: r.id, path: r.path, move: r.move === 1, profileId: r.profileId, process: r.process === 1, transcribe: r.transcribe === 1 };
}

export function listInboxFolders(db: Database.Database): InboxFolder[] {
  return (stmt(db, `SELECT ${FOLDER_COLUMNS} FROM inbox_folders ORDER BY id`).all() as FolderRow[]).map(toFolder);
}

export function inboxFolderByPath(db: Database.Database, abs: string): InboxFolder | null {
  const r = stmt(db, `SELECT ${FOLDER_COLUMNS} FROM inbox_folders WHERE path = ?`).get(abs) as FolderRow | undefined;
  return r ? toFolder(r) : null;
}

export function inboxFolderById(db: Database.Database, id: number): InboxFolder | null {
  const r = stmt(db, `SELECT ${FOLDER_COLUMNS} FROM inbox_folders WHERE id = ?`).get(id) as FolderRow | undefined;
  return r ? toFolder(r) : null;
}

/** Adds a folder, or updates the options of the one at that path. */
export function upsertInboxFolder(db: Database.Database, f: Omit<InboxFolder, 'id'>): InboxFolder {
  stmt(
    db,
    `INSERT INTO inbox_folders (path, move, profile_id, process, transcribe) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (path) DO UPDATE SET move = excluded.move, profile_id = excluded.profile_id, process = excluded.process, transcribe = excluded.transcribe`,
  ).run(f.path, f.move ? 1 : 0, f.profileId, f.process ? 1 : 0, f.transcribe ? 1 : 0);
  return inboxFolderByPath(db, f.path)!;
}

/** Stops watching a folder; what it had handled goes with it (its recordings stay, of course). */
export function deleteInboxFolder(db: Database.Database, id: number): boolean {
  return stmt(db, 'DELETE FROM inbox_folders WHERE id = ?').run(id).changes > 0;
}

export interface SeenSignature {
  size: number;
  mtimeMs: number;
}

export function seenSignature(db: Database.Database, folderId: number, name: string): SeenSignature | null {
  return (stmt(db, 'SELECT size, mtime_ms AS mtimeMs FROM inbox_seen WHERE folder_id = ? AND name = ?').get(folderId, name) as SeenSignature | undefined) ?? null;
}

export function countSeen(db: Database.Database, folderId: number): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM inbox_seen WHERE folder_id = ?').get(folderId) as { n: number }).n;
}

export function recordSeen(db: Database.Database, o: InboxOutcome, sig: SeenSignature): void {
  stmt(
    db,
    `INSERT INTO inbox_seen (folder_id, name, size, mtime_ms, outcome, recording_ids, reason, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (folder_id, name) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, outcome = excluded.outcome,
       recording_ids = excluded.recording_ids, reason = excluded.reason, seen_at = excluded.seen_at`,
  ).run(o.folderId, o.name, sig.size, Math.round(sig.mtimeMs), o.outcome, JSON.stringify(o.recordingIds), o.reason, Date.now());
}
