/** What a migration asks of the files table besides the ledger (files.ts adds and removes rows). */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';

export function fileIdAt(sqlite: Database.Database, relPath: string): number | null {
  const row = stmt(sqlite, 'SELECT id FROM files WHERE rel_path = ?').get(relPath) as { id: number } | undefined;
  return row?.id ?? null;
}

export function countRecordingFiles(sqlite: Database.Database, recordingId: number): number {
  return (stmt(sqlite, 'SELECT COUNT(*) AS n FROM files WHERE recording_id = ?').get(recordingId) as { n: number }).n;
}

export interface RegisteredSource {
  size: number;
  hash: string;
  recordingId: number;
}

/** Hashed source files of recordings whose size is one of `sizes` (only those can be identical to a scanned file). */
export function listSourcesOfSizes(sqlite: Database.Database, sizes: number[]): RegisteredSource[] {
  return stmt(
    sqlite,
    "SELECT size, hash, recording_id AS recordingId FROM files WHERE kind = 'source' AND hash != '' AND recording_id IS NOT NULL AND size IN (SELECT value FROM json_each(?)) ORDER BY recording_id",
  ).all(JSON.stringify([...new Set(sizes)])) as RegisteredSource[];
}

export interface ProfileThumbnailRow {
  profileId: number;
  relPath: string;
  hash: string;
  size: number;
}

/** Hashed profile thumbnails (not a recording's), oldest row first. */
export function listProfileThumbnails(sqlite: Database.Database): ProfileThumbnailRow[] {
  return stmt(
    sqlite,
    "SELECT profile_id AS profileId, rel_path AS relPath, hash, size FROM files WHERE kind = 'thumbnail' AND recording_id IS NULL AND hash != '' ORDER BY id",
  ).all() as ProfileThumbnailRow[];
}
