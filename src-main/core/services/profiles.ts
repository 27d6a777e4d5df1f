/** Profiles: who a recording belongs to, with an optional storage limit and retention. */
import { asc, eq } from 'drizzle-orm';
import type { ProfileInfo } from '@shared/domain';
import { profiles } from '../catalog/schema';
import type { Library } from '../catalog/library';
import { NotFoundError } from './recordings';

const columns = { id: profiles.id, name: profiles.name, quotaBytes: profiles.quotaBytes, retentionDays: profiles.retentionDays };

export function listProfiles(lib: Library): ProfileInfo[] {
  return lib.db.select(columns).from(profiles).orderBy(asc(profiles.id)).all();
}

export function saveProfile(lib: Library, p: { id: number | null; name: string; quotaBytes: number | null; retentionDays: number | null }): ProfileInfo {
  const values = { name: p.name.normalize('NFC').trim(), quotaBytes: p.quotaBytes, retentionDays: p.retentionDays };
  if (p.id === null) return lib.db.insert(profiles).values(values).returning(columns).get();
  const row = lib.db.update(profiles).set(values).where(eq(profiles.id, p.id)).returning(columns).get();
  if (!row) throw new NotFoundError(`There is no profile #${p.id}`);
  lib.events.emit('library:changed', { reason: 'profile' });
  return row;
}
