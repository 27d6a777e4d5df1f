/** Profiles: who a recording belongs to, with an optional storage limit and retention. */
import type Database from 'better-sqlite3';
import type { ProfileInfo } from '@shared/domain';
import { stmt } from '../../statements';

const COLUMNS = 'id, name, quota_bytes AS quotaBytes, retention_days AS retentionDays';

export interface ProfileValues {
  name: string;
  quotaBytes: number | null;
  retentionDays: number | null;
}

export function listProfiles(sqlite: Database.Database): ProfileInfo[] {
  return stmt(sqlite, `SELECT ${COLUMNS} FROM profiles ORDER BY id`).all() as ProfileInfo[];
}

/** Every profile's id and name, as the library info lists them. */
export function profileNames(sqlite: Database.Database): { id: number; name: string }[] {
  return stmt(sqlite, 'SELECT id, name FROM profiles').all() as { id: number; name: string }[];
}

export function profileExists(sqlite: Database.Database, id: number): boolean {
  return stmt(sqlite, 'SELECT 1 FROM profiles WHERE id = ?').get(id) !== undefined;
}

export function insertProfile(sqlite: Database.Database, v: ProfileValues): ProfileInfo {
  return stmt(sqlite, `INSERT INTO profiles (name, quota_bytes, retention_days) VALUES (?, ?, ?) RETURNING ${COLUMNS}`).get(v.name, v.quotaBytes, v.retentionDays) as ProfileInfo;
}

/** Changes a profile; null when there is no such profile. */
export function updateProfile(sqlite: Database.Database, id: number, v: ProfileValues): ProfileInfo | null {
  const row = stmt(sqlite, `UPDATE profiles SET name = ?, quota_bytes = ?, retention_days = ? WHERE id = ? RETURNING ${COLUMNS}`).get(v.name, v.quotaBytes, v.retentionDays, id) as
    | ProfileInfo
    | undefined;
  return row ?? null;
}
