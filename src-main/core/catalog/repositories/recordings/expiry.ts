/** recordings.expire_at and what decides a recording's expiry (core/expiry/expiry.ts says what the values mean). */
import type Database from 'better-sqlite3';
import type { RecordingStatus } from '@shared/domain';
import { stmt } from '../../statements';

/** `expireAt` as stored: a time (ms), null for "as the profile says", or NEVER. */
export function setRecordingExpiry(sqlite: Database.Database, id: number, expireAt: number | null, at: number): void {
  stmt(sqlite, 'UPDATE recordings SET expire_at = ?, updated_at = ? WHERE id = ?').run(expireAt, at, id);
}

export interface ExpiryInputs {
  status: RecordingStatus;
  expireAt: number | null;
  createdAt: number;
  /** The profile's "expire after N days"; null when it keeps recordings. */
  policyDays: number | null;
}

/** What decides one recording's expiry (and its status); undefined when there is no such recording. */
export function expiryInputs(sqlite: Database.Database, id: number): ExpiryInputs | undefined {
  return stmt(
    sqlite,
    `SELECT r.status, r.expire_at AS expireAt, r.created_at AS createdAt, p.expire_after_days AS policyDays
       FROM recordings r JOIN profiles p ON p.id = r.profile_id WHERE r.id = ?`,
  ).get(id) as ExpiryInputs | undefined;
}
