/** Profiles: who a recording belongs to, with an optional storage limit and retention. */
import type { ProfileInfo } from '@shared/domain';
import { NotFoundError } from '@shared/errors';
import { insertProfile, listProfiles as readProfiles, updateProfile } from '@core/catalog/repositories/profiles/profiles';
import type { Library } from '../catalog/library';

export function listProfiles(lib: Library): ProfileInfo[] {
  return readProfiles(lib.sqlite);
}

export function saveProfile(lib: Library, p: { id: number | null; name: string; quotaBytes: number | null; retentionDays: number | null }): ProfileInfo {
  const values = { name: p.name.normalize('NFC').trim(), quotaBytes: p.quotaBytes, retentionDays: p.retentionDays };
  if (p.id === null) return insertProfile(lib.sqlite, values);
  const row = updateProfile(lib.sqlite, p.id, values);
  if (!row) throw new NotFoundError(`There is no profile #${p.id}`);
  lib.events.emit('library:changed', { reason: 'profile' });
  return row;
}
