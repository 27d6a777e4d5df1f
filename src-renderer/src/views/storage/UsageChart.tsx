/**
 * Storage as pictures, in plain SVG: one stacked bar per profile split by kind of file, and the
 * profiles side by side. Each picture has a text equivalent (role="img" + label); the numbers stay
 * in the tables beside it.
 */
import { useTranslation } from 'react-i18next';
import { LIBRARY_USAGE_PARTS, type LibraryUsage, type LibraryUsagePart, type ProfileUsage, USAGE_KINDS, type UsageKind } from '@shared/domain';
import { useFormat } from '../../i18n/useFormat';
import { profileName } from '../../lib/profile-name';

/** One color per kind; readable on light and dark panels. */
export const KIND_COLORS: Record<UsageKind, string> = {
  source: '#4f6bd8',
  video: '#8a5cf6',
  audio: '#17a2b8',
  poster: '#e0a800',
  thumbnail: '#e8590c',
  transcript: '#2f9e44',
  trash: '#868e96',
};

/** One color per part of the library folder. */
export const PART_COLORS: Record<LibraryUsagePart, string> = {
  recordings: '#4f6bd8',
  catalog: '#8a5cf6',
  backups: '#17a2b8',
  sharedThumbnails: '#e0a800',
  userThumbnails: '#e8590c',
  temp: '#c2255c',
  trashFolder: '#868e96',
  other: '#2f9e44',
};

const PROFILE_COLORS = ['#4f6bd8', '#e8590c', '#2f9e44', '#8a5cf6', '#17a2b8', '#e0a800', '#c2255c'];

interface Segment {
  key: string;
  name: string;
  bytes: number;
  color: string;
}

function StackedBar({ segments, label }: { segments: Segment[]; label: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const total = segments.reduce((a, s) => a + s.bytes, 0);
  let x = 0;
  const shown = segments.filter((s) => s.bytes > 0);
  return (
    <figure className="usage-chart">
      <svg viewBox="0 0 1000 28" preserveAspectRatio="none" role="img" aria-label={label} className="usage-bar">
        <rect x="0" y="0" width="1000" height="28" rx="6" className="usage-track" />
        {total > 0
          ? shown.map((s) => {
              const w = (s.bytes / total) * 1000;
              const r = <rect key={s.key} x={x} y="0" width={Math.max(w, 2)} height="28" fill={s.color} />;
              x += w;
              return r;
            })
          : null}
      </svg>
      <figcaption className="usage-legend">
        {total === 0 ? <span className="muted">{t('chart.empty')}</span> : null}
        {shown.map((s) => (
          <span key={s.key} className="legend-item">
            <span className="legend-swatch" style={{ background: s.color }} aria-hidden />
            {t('chart.share', { name: s.name, size: fmt.bytes(s.bytes), percent: Math.round((s.bytes / total) * 100) })}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** A profile's usage split by kind of file. */
export function KindChart({ p }: { p: ProfileUsage }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const segments = USAGE_KINDS.map((k) => ({ key: k, name: t(`storage.kind.${k}`), bytes: p.byKind[k], color: KIND_COLORS[k] }));
  const label = `${t('chart.byKind')}: ${segments
    .filter((s) => s.bytes > 0)
    .map((s) => `${s.name} ${fmt.bytes(s.bytes)}`)
    .join(', ')}`;
  return <StackedBar segments={segments} label={label} />;
}

/** Every profile's share of the library. */
export function ProfilesChart({ profiles }: { profiles: ProfileUsage[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const segments = profiles.map((p, i) => ({ key: String(p.id), name: profileName(p), bytes: p.usedBytes, color: PROFILE_COLORS[i % PROFILE_COLORS.length]! }));
  const label = `${t('chart.byProfile')}: ${segments.map((s) => `${s.name} ${fmt.bytes(s.bytes)}`).join(', ')}`;
  return (
    <div className="card" data-testid="profiles-chart">
      <h2>{t('chart.byProfile')}</h2>
      <StackedBar segments={segments} label={label} />
    </div>
  );
}

/** The whole library folder on disk, by part: the total equals `du -sb` of the folder. */
export function FolderChart({ usage }: { usage: LibraryUsage }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const segments = LIBRARY_USAGE_PARTS.map((k) => ({ key: k, name: t(`storage.part.${k}`), bytes: usage[`${k}Bytes`], color: PART_COLORS[k] }));
  const label = `${t('storage.folderBreakdown')}: ${segments
    .filter((s) => s.bytes > 0)
    .map((s) => `${s.name} ${fmt.bytes(s.bytes)}`)
    .join(', ')}`;
  return <StackedBar segments={segments} label={label} />;
}
