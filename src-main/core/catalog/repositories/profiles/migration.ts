/** The profiles a migration reads, creates (one per legacy user) and removes again with its undo. */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';
export { profileExists } from './profiles';

export interface ProfileName {
  id: number;
  name: string;
}

export function listProfileNames(sqlite: Database.Database): ProfileName[] {
  return stmt(sqlite, 'SELECT id, name FROM profiles ORDER BY id').all() as ProfileName[];
}

export function createProfile(sqlite: Database.Database, id: number, name: string): void {
  stmt(sqlite, 'INSERT INTO profiles (id, name) VALUES (?, ?)').run(id, name);
}

/** Whether any recording or file lives in the profile now. */
export function profileInUse(sqlite: Database.Database, id: number): boolean {
  const used = stmt(sqlite, 'SELECT (SELECT COUNT(*) FROM recordings WHERE profile_id = ?) + (SELECT COUNT(*) FROM files WHERE profile_id = ?) AS n').get(id, id) as { n: number };
  return used.n !== 0;
}

/** An empty profile with its usage ledger and templates; call inside a transaction. */
export function removeEmptyProfile(sqlite: Database.Database, id: number): void {
  stmt(sqlite, 'DELETE FROM usage WHERE profile_id = ?').run(id);
  stmt(sqlite, 'DELETE FROM templates WHERE profile_id = ?').run(id);
  stmt(sqlite, 'DELETE FROM profiles WHERE id = ?').run(id);
}
