/**
 * The catalog side of adopting a recording the catalog forgot (integrity/adopt): what another
 * catalog of the same library (the one a restore kept aside, a backup) knew about it, and the row
 * that registers it again. The other catalog is read with plain SELECTs of the columns every
 * schema since the first has; a damaged one that cannot answer is simply not asked again.
 */
import type Database from 'better-sqlite3';
import { searchKeyOf } from '@shared/domain';
import { stmt } from '../../statements';
export { recordingExists } from './detail';

/** A recording row as another catalog holds it (the columns adoption takes over). */
export interface KnownRecording {
  id: number;
  profileId: number;
  displayName: string;
  startTime: number;
  durationMs: number;
  status: string;
  previousStatus: string | null;
  media: string | null;
  keptStartMs: number | null;
  keptEndMs: number | null;
  legacyId: number | null;
  expireAt: number | null;
  description: string | null;
  sizeBytes: number;
  createdAt: number;
}

export interface KnownFile {
  kind: string;
  relPath: string;
  hash: string;
  size: number;
}

export function knownRecording(db: Database.Database, id: number): KnownRecording | null {
  const row = db
    .prepare(
      `SELECT id, profile_id AS profileId, display_name AS displayName, start_time AS startTime, duration_ms AS durationMs, status,
              previous_status AS previousStatus, media, kept_start_ms AS keptStartMs, kept_end_ms AS keptEndMs, legacy_id AS legacyId,
              expire_at AS expireAt, description, size_bytes AS sizeBytes, created_at AS createdAt
         FROM recordings WHERE id = ?`,
    )
    .get(id) as KnownRecording | undefined;
  return row ?? null;
}

export function knownFiles(db: Database.Database, recordingId: number): KnownFile[] {
  return db.prepare('SELECT kind, rel_path AS relPath, hash, size FROM files WHERE recording_id = ?').all(recordingId) as KnownFile[];
}

/** Its tags as written; none when the other catalog predates tags. */
export function knownTags(db: Database.Database, recordingId: number): string[] {
  try {
    return (db.prepare('SELECT tag FROM recording_tags WHERE recording_id = ? ORDER BY rowid').all(recordingId) as { tag: string }[]).map((r) => r.tag);
  } catch {
    return [];
  }
}

/** The name another catalog gives a profile; null when it has none by that id. */
export function knownProfileName(db: Database.Database, profileId: number): string | null {
  const row = db.prepare('SELECT name FROM profiles WHERE id = ?').get(profileId) as { name: string } | undefined;
  return row?.name ?? null;
}

/** The row adoption writes: what a catalog knew (or the files say), settled, and when. */
export interface AdoptedRecording extends Omit<KnownRecording, 'previousStatus' | 'sizeBytes'> {
  statusReason: string | null;
  at: number;
}

/** The recording row, under the id its folder has; its files are added by the same transaction. */
export function insertAdoptedRecording(sqlite: Database.Database, r: AdoptedRecording): void {
  stmt(
    sqlite,
    `INSERT INTO recordings (id, profile_id, display_name, search_key, start_time, duration_ms, status, status_reason, media, size_bytes,
                             kept_start_ms, kept_end_ms, legacy_id, expire_at, description, description_key, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    r.id,
    r.profileId,
    r.displayName,
    searchKeyOf(r.displayName),
    r.startTime,
    r.durationMs,
    r.status,
    r.statusReason,
    r.media,
    r.keptStartMs,
    r.keptEndMs,
    r.legacyId,
    r.expireAt,
    r.description,
    r.description === null ? null : searchKeyOf(r.description),
    r.createdAt,
    r.at,
  );
}
