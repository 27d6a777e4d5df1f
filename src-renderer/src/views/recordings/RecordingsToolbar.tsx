import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RECORDING_STATUSES } from '@shared/domain';
import type { TemplateInfo } from '@shared/channels/templates';
import { useLayout } from '../../store/layout';
import { profileName } from '../../lib/profile-name';
import { useLibrary } from '../../store/library';
import { processingEnabled, useMedia } from '../../store/media';
import { useRecordings } from '../../store/recordings';
import { ExpiringFilter } from './ExpiringFilter';
import { HITS_ID, TranscriptHits, useTranscriptHits } from './TranscriptHits';
import { useLiveSearch } from './useLiveSearch';

interface Props {
  templates: TemplateInfo[];
  onProcessAllNew: () => void;
  onImport: () => void;
}

/** Search (live: one query in flight at a time), filters, "Process all new" and Import. */
export function RecordingsToolbar({ templates, onProcessAllNew, onImport }: Props) {
  const { t } = useTranslation();
  const filters = useRecordings((s) => s.filters);
  const setFilters = useRecordings((s) => s.setFilters);
  const info = useLibrary((s) => s.info);
  const media = useMedia((s) => s.status);
  const [search, setSearch] = useState(filters.search);
  // The search this box last sent; a different one in the filters was set elsewhere (a tag chip) and shows here.
  const [sent, setSent] = useState(filters.search);
  if (filters.search !== sent) {
    setSent(filters.search);
    setSearch(filters.search);
  }
  const layout = useLayout((s) => s.layout);
  const said = useTranscriptHits(search);

  useLiveSearch(search, setSent);

  return (
    <div className="toolbar">
      <div className="search-box">
        <input
          type="search"
          className="search"
          // Stays a searchbox (other views and tests know it so); the hits list is tied to it by id.
          aria-autocomplete="list"
          aria-controls={said.open ? HITS_ID : undefined}
          aria-activedescendant={said.open && said.active >= 0 ? `${HITS_ID}-${said.active}` : undefined}
          placeholder={t('transcript.searchPlaceholder')}
          aria-label={t('recordings.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (said.onKey(e)) {
              e.preventDefault();
              e.stopPropagation();
            }
          }}
          onBlur={said.close}
        />
        <TranscriptHits state={said} />
      </div>
      <select aria-label={t('recordings.filterStatus')} value={filters.status ?? ''} onChange={(e) => setFilters({ status: (e.target.value || null) as typeof filters.status })}>
        <option value="">{t('recordings.allStatuses')}</option>
        {RECORDING_STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </select>
      <select aria-label={t('recordings.filterTemplate')} value={filters.templateId ?? ''} onChange={(e) => setFilters({ templateId: e.target.value ? Number(e.target.value) : null })}>
        <option value="">{t('recordings.allTemplates')}</option>
        {templates.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </select>
      {info && info.profiles.length > 1 ? (
        <select aria-label={t('recordings.filterProfile')} value={filters.profileId ?? ''} onChange={(e) => setFilters({ profileId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">{t('recordings.allProfiles')}</option>
          {info.profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {profileName(p)}
            </option>
          ))}
        </select>
      ) : null}
      <ExpiringFilter />
      <div className="layout-toggle" role="group" aria-label={t('layout.view')}>
        {(['table', 'grid'] as const).map((l) => (
          <button key={l} aria-pressed={layout === l} onClick={() => useLayout.getState().setLayout(l)}>
            {t(`layout.${l}`)}
          </button>
        ))}
      </div>
      <button disabled={!processingEnabled(media)} title={t('recordings.processAllNewHint')} onClick={onProcessAllNew}>
        {t('recordings.processAllNew')}
      </button>
      <button className="primary" onClick={onImport}>
        {t('recordings.import')}
      </button>
    </div>
  );
}
