import { useEffect } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { LIBRARY_USAGE_PARTS, type LibraryUsage, type ProfileUsage, USAGE_KINDS } from '@shared/domain';
import { ProgressBar } from '../../components/ProgressBar';
import { useFormat } from '../../i18n/useFormat';
import { useLibrary } from '../../store/library';
import { FolderChart, KIND_COLORS, KindChart, PART_COLORS, ProfilesChart } from './UsageChart';
import { profileName } from '../../lib/profile-name';

function ProfileCard({ p }: { p: ProfileUsage }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const max = Math.max(1, ...Object.values(p.byKind));
  const used = { used: <strong data-testid="used-bytes" /> };
  return (
    <div className="card" data-testid={`profile-usage-${p.id}`}>
      <h2>{profileName(p)}</h2>
      <p>
        {p.limitBytes !== null ? (
          <Trans i18nKey="storage.usedOfLimit" values={{ used: fmt.bytes(p.usedBytes), limit: fmt.bytes(p.limitBytes), free: fmt.bytes(Math.max(0, p.limitBytes - p.usedBytes)) }} components={used} />
        ) : (
          <Trans i18nKey="storage.noLimit" values={{ used: fmt.bytes(p.usedBytes) }} components={used} />
        )}
      </p>
      {p.limitBytes !== null ? <ProgressBar value={p.usedBytes / Math.max(1, p.limitBytes)} label={profileName(p)} /> : null}
      <KindChart p={p} />
      <table className="breakdown" aria-label={t('storage.breakdown', { name: profileName(p) })}>
        <tbody>
          {USAGE_KINDS.map((k) => (
            <tr key={k}>
              <td>{t(`storage.kind.${k}`)}</td>
              <td className="bar-cell">
                <div className="kind-bar" style={{ width: `${(p.byKind[k] / max) * 100}%`, background: KIND_COLORS[k] }} />
              </td>
              <td className="num" data-kind={k}>
                {fmt.bytes(p.byKind[k])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Everything in the library folder (catalog, backups, thumbnails, temp and trash too), as du counts it. */
function FolderCard({ usage }: { usage: LibraryUsage }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const max = Math.max(1, ...LIBRARY_USAGE_PARTS.map((k) => usage[`${k}Bytes`]));
  return (
    <div className="card" data-testid="library-folder">
      <h2>{t('storage.folder')}</h2>
      <p>
        <Trans i18nKey="storage.folderTotal" values={{ total: fmt.bytes(usage.totalBytes) }} components={{ used: <strong data-testid="folder-total" /> }} />
      </p>
      <FolderChart usage={usage} />
      <table className="breakdown" aria-label={t('storage.folderBreakdown')}>
        <tbody>
          {LIBRARY_USAGE_PARTS.map((k) => (
            <tr key={k}>
              <td>{t(`storage.part.${k}`)}</td>
              <td className="bar-cell">
                <div className="kind-bar" style={{ width: `${(usage[`${k}Bytes`] / max) * 100}%`, background: PART_COLORS[k] }} />
              </td>
              <td className="num" data-part={k}>
                {fmt.bytes(usage[`${k}Bytes`])}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {usage.unreadable.length ? (
        <p className="muted" role="note">
          {t('storage.folderUnreadable', { count: usage.unreadable.length, list: usage.unreadable.join(', ') })}
        </p>
      ) : null}
    </div>
  );
}

export function StorageView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const storage = useLibrary((s) => s.storage);
  const info = useLibrary((s) => s.info);
  useEffect(() => {
    void useLibrary.getState().refreshStorage();
  }, []);
  if (!storage) return <section className="view">{t('common.loading')}</section>;
  return (
    // Focusable: the view scrolls and holds no control, so the keyboard needs a way to scroll it.
    <section className="view storage-view" aria-label={t('storage.title')} tabIndex={0}>
      <header className="view-head">
        <h1>{t('storage.title')}</h1>
      </header>
      {storage.disk ? (
        <div className="card">
          <h2>{t('storage.disk')}</h2>
          <p className="muted">{info?.root}</p>
          <ProgressBar value={(storage.disk.totalBytes - storage.disk.freeBytes) / Math.max(1, storage.disk.totalBytes)} label={t('storage.disk')} />
          <p>
            <Trans i18nKey="storage.diskFree" values={{ free: fmt.bytes(storage.disk.freeBytes), total: fmt.bytes(storage.disk.totalBytes) }} components={{ free: <strong data-testid="disk-free" /> }} />
          </p>
        </div>
      ) : null}
      {storage.library ? <FolderCard usage={storage.library} /> : null}
      {storage.profiles.length > 1 ? <ProfilesChart profiles={storage.profiles} /> : null}
      {storage.profiles.map((p) => (
        <ProfileCard key={p.id} p={p} />
      ))}
    </section>
  );
}
