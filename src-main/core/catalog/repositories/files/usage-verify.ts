/** What the ledger check (core/quota/verify.ts) compares: the file rows, their sums, and the ledger. */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';

export function listFileSizes(sqlite: Database.Database): { relPath: string; size: number }[] {
  return stmt(sqlite, 'SELECT rel_path AS relPath, size FROM files').all() as { relPath: string; size: number }[];
}

/**
 * The bytes of the file rows per profile and usage kind, counted the way the ledger counts them
 * (usageKindOf in src-shared/domain.ts: a trashed recording's files and quarantine are `trash`,
 * subtitles are `transcript`), so a difference means the ledger drifted.
 */
export function sumFilesByUsageKind(sqlite: Database.Database): { profileId: number; usageKind: string; bytes: number }[] {
  return stmt(
    sqlite,
    `SELECT f.profile_id AS profileId,
            CASE WHEN r.status = 'trashed' OR f.kind = 'quarantine' THEN 'trash'
                 WHEN f.kind = 'subtitle' THEN 'transcript' ELSE f.kind END AS usageKind,
            SUM(f.size) AS bytes
       FROM files f LEFT JOIN recordings r ON r.id = f.recording_id
      GROUP BY 1, 2`,
  ).all() as { profileId: number; usageKind: string; bytes: number }[];
}

/** Every ledger row as stored (kinds not checked, so a stray one shows up as drift). */
export function listLedgerRows(sqlite: Database.Database): { profileId: number; kind: string; bytes: number }[] {
  return stmt(sqlite, 'SELECT profile_id AS profileId, kind, bytes FROM usage').all() as { profileId: number; kind: string; bytes: number }[];
}
