import { errorMessage } from '../../lib/errors';
import { useEffect, useState } from 'react';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ProfileInfo } from '@shared/domain';
import { api } from '../../api/client';
import { parseDecimal } from '../../lib/numbers';
import { useLibrary } from '../../store/library';
import { profileName } from '../../lib/profile-name';

const GB = 1_000_000_000;

/** The stored limit as the person's language writes it ("0,5" in Russian), so it reads back through parseDecimal. */
const shownGb = (bytes: number, lng: string) => new Intl.NumberFormat(lng, { maximumFractionDigits: 9, useGrouping: false }).format(bytes / GB);

function ProfileRow({ profile, onSaved }: { profile: ProfileInfo | null; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const [name, setName] = useState(profile ? profileName(profile) : '');
  const [limit, setLimit] = useState(profile?.quotaBytes ? shownGb(profile.quotaBytes, i18n.language) : '');
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    try {
      // "0,5" as well as "0.5": the field is inputmode=decimal and Russian keyboards offer a comma.
      const gb = limit.trim() === '' ? null : parseDecimal(limit);
      if (limit.trim() !== '' && (gb === null || gb < 0)) throw new Error(i18next.t('profiles.badLimit'));
      // The built-in profile's name as shown is not a rename: the stored one is kept.
      const stored = profile && name === profileName(profile) ? profile.name : name;
      await api['profiles:save']({ id: profile?.id ?? null, name: stored, quotaBytes: gb === null ? null : Math.round(gb * GB), retentionDays: profile?.retentionDays ?? null });
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
      <input aria-label={profile ? t('profiles.name', { id: profile.id }) : t('profiles.newName')} placeholder={t('profiles.namePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} />
      <input aria-label={profile ? t('profiles.limit', { id: profile.id }) : t('profiles.newLimit')} placeholder={t('profiles.limitPlaceholder')} inputMode="decimal" value={limit} onChange={(e) => setLimit(e.target.value)} />
      <span className="muted">{t('profiles.gb')}</span>
      <button type="submit" disabled={!name.trim()}>{profile ? t('profiles.save') : t('profiles.add')}</button>
      {error ? <span className="form-error">{error}</span> : null}
    </form>
  );
}

export function ProfilesCard() {
  const { t } = useTranslation();
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
      <h2>{t('profiles.title')}</h2>
      <p className="muted">{t('profiles.intro')}</p>
      {profiles.map((p) => (
        <ProfileRow key={`${p.id}-${p.name}-${p.quotaBytes}`} profile={p} onSaved={saved} />
      ))}
      <ProfileRow profile={null} onSaved={saved} />
    </div>
  );
}
