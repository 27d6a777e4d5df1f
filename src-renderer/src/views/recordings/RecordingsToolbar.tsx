import { useEffect, useState } from 'react';
import { RECORDING_STATUSES } from '@shared/domain';
import type { TemplateInfo } from '@shared/channels/templates';
import { STATUS_LABELS } from '../../format';
import { useLibrary } from '../../store/library';
import { processingEnabled, useMedia } from '../../store/media';
import { useRecordings } from '../../store/recordings';

interface Props {
  templates: TemplateInfo[];
  onProcessAllNew: () => void;
  onImport: () => void;
}

/** Search (debounced), filters, "Process all new" and Import. */
export function RecordingsToolbar({ templates, onProcessAllNew, onImport }: Props) {
  const filters = useRecordings((s) => s.filters);
  const setFilters = useRecordings((s) => s.setFilters);
  const info = useLibrary((s) => s.info);
  const media = useMedia((s) => s.status);
  const [search, setSearch] = useState(filters.search);

  useEffect(() => {
    const t = setTimeout(() => {
      if (search !== useRecordings.getState().filters.search) setFilters({ search });
    }, 200);
    return () => clearTimeout(t);
  }, [search, setFilters]);

  return (
    <div className="toolbar">
      <input type="search" className="search" placeholder="Search by name" aria-label="Search recordings" value={search} onChange={(e) => setSearch(e.target.value)} />
      <select aria-label="Filter by status" value={filters.status ?? ''} onChange={(e) => setFilters({ status: (e.target.value || null) as typeof filters.status })}>
        <option value="">All statuses</option>
        {RECORDING_STATUSES.map((s) => (
          <option key={s} value={s}>
            {STATUS_LABELS[s]}
          </option>
        ))}
      </select>
      <select aria-label="Filter by template" value={filters.templateId ?? ''} onChange={(e) => setFilters({ templateId: e.target.value ? Number(e.target.value) : null })}>
        <option value="">All templates</option>
        {templates.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      {info && info.profiles.length > 1 ? (
        <select aria-label="Filter by profile" value={filters.profileId ?? ''} onChange={(e) => setFilters({ profileId: e.target.value ? Number(e.target.value) : null })}>
          <option value="">All profiles</option>
          {info.profiles.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      ) : null}
      <button disabled={!processingEnabled(media)} title="Trim, extract audio, poster and subtitles for every recording not processed yet" onClick={onProcessAllNew}>
        Process all new
      </button>
      <button className="primary" onClick={onImport}>
        Import…
      </button>
    </div>
  );
}
