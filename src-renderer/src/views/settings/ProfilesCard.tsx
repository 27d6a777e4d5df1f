import { errorMessage } from '../../lib/errors';
import { useEffect, useState } from 'react';
import type { ProfileInfo } from '@shared/domain';
import { api } from '../../api/client';
import { useLibrary } from '../../store/library';

const GB = 1_000_000_000;

function ProfileRow({ profile, onSaved }: { profile: ProfileInfo | null; onSaved: () => void }) {
  const [name, setName] = useState(profile?.name ?? '');
  const [limit, setLimit] = useState(profile?.quotaBytes ? String(profile.quotaBytes / GB) : '');
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      const gb = limit.trim() === '' ? null : Number(limit);
      if (gb !== null && (!Number.isFinite(gb) || gb < 0)) throw new Error('The limit must be a number of GB, or empty for none');
      await api['profiles:save']({ id: profile?.id ?? null, name, quotaBytes: gb === null ? null : Math.round(gb * GB), retentionDays: profile?.retentionDays ?? null });
      setError(null);
      if (!profile) {
        setName('');
        setLimit('');
      }
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <form
      className="profile-row"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <input aria-label={profile ? `Name of profile ${profile.id}` : 'New profile name'} placeholder="Profile name" value={name} onChange={(e) => setName(e.target.value)} />
      <input aria-label={profile ? `Limit of profile ${profile.id} in GB` : 'New profile limit in GB'} placeholder="No limit" inputMode="decimal" value={limit} onChange={(e) => setLimit(e.target.value)} />
      <span className="muted">GB</span>
      <button type="submit" disabled={!name.trim()}>{profile ? 'Save' : 'Add profile'}</button>
      {error ? <span className="form-error">{error}</span> : null}
    </form>
  );
}

export function ProfilesCard() {
  const [profiles, setProfiles] = useState<ProfileInfo[]>([]);
  const load = () => void api['profiles:list']({}).then(setProfiles);
  useEffect(load, []);
  const saved = () => {
    load();
    void useLibrary.getState().refresh();
    void useLibrary.getState().refreshStorage();
  };
  return (
    <div className="card">
      <h2>Profiles</h2>
      <p className="muted">Each profile has its own recordings and an optional storage limit; an import that would go over it is refused before a byte is copied.</p>
      {profiles.map((p) => (
        <ProfileRow key={`${p.id}-${p.name}-${p.quotaBytes}`} profile={p} onSaved={saved} />
      ))}
      <ProfileRow profile={null} onSaved={saved} />
    </div>
  );
}
