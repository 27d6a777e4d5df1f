/** What a cleanup plan and its application read of the catalog: library totals, candidates, quarantined files. */
import type Database from 'better-sqlite3';
import { stmt } from '../statements';
export { profileExists } from './profiles/profiles';

export interface LibraryTotals {
  files: number;
  bytes: number;
  recordings: number;
}

/** The registered files and recordings a plan's mass-change share is taken of. */
export function libraryTotals(sqlite: Database.Database): LibraryTotals {
  const f = stmt(sqlite, 'SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS b FROM files').get() as { n: number; b: number };
  const r = stmt(sqlite, 'SELECT COUNT(*) AS n FROM recordings').get() as { n: number };
  return { files: f.n, bytes: f.b, recordings: r.n };
}

/** The scratch folders of process jobs in the journal (a crashed job's folder may hold files it set aside). */
export function processTempDirs(sqlite: Database.Database): string[] {
  return (stmt(sqlite, "SELECT json_extract(payload, '$.tempDir') AS dir FROM journal WHERE op = 'process'").all() as { dir: string | null }[])
    .map((r) => r.dir)
    .filter((d): d is string => d !== null);
}

export interface ExpiryCandidate {
  id: number;
  expireAt: number | null;
  createdAt: number;
  policyDays: number | null;
  bytes: number;
  files: number;
}

/** Recordings with an expiry date or an expiry policy that are not trashed or being imported, with their size. */
export function listExpiryCandidates(sqlite: Database.Database): ExpiryCandidate[] {
  return stmt(
    sqlite,
    `SELECT r.id, r.expire_at AS expireAt, r.created_at AS createdAt, p.expire_after_days AS policyDays,
            (SELECT COALESCE(SUM(size), 0) FROM files f WHERE f.recording_id = r.id) AS bytes,
            (SELECT COUNT(*) FROM files f WHERE f.recording_id = r.id) AS files
       FROM recordings r JOIN profiles p ON p.id = r.profile_id
      WHERE r.status NOT IN ('trashed', 'importing') AND (r.expire_at IS NOT NULL OR p.expire_after_days IS NOT NULL)`,
  ).all() as ExpiryCandidate[];
}

export interface QuarantinedFile {
  id: number;
  relPath: string;
  size: number;
  profileId: number;
}

export function listQuarantined(sqlite: Database.Database): QuarantinedFile[] {
  return stmt(sqlite, "SELECT id, rel_path AS relPath, size, profile_id AS profileId FROM files WHERE kind = 'quarantine'").all() as QuarantinedFile[];
}

export function quarantinedFileAt(sqlite: Database.Database, relPath: string): QuarantinedFile | null {
  const row = stmt(sqlite, "SELECT id, rel_path AS relPath, size, profile_id AS profileId FROM files WHERE rel_path = ? AND kind = 'quarantine'").get(relPath) as
    | QuarantinedFile
    | undefined;
  return row ?? null;
}

/** A quarantined file's row that belongs to no recording (the only kind cleanup may drop). */
export function unownedQuarantinedFileAt(sqlite: Database.Database, relPath: string): QuarantinedFile | null {
  const row = stmt(
    sqlite,
    "SELECT id, rel_path AS relPath, size, profile_id AS profileId FROM files WHERE rel_path = ? AND kind = 'quarantine' AND recording_id IS NULL",
  ).get(relPath) as QuarantinedFile | undefined;
  return row ?? null;
}

