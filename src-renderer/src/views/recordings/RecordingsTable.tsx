import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateInfo } from '@shared/channels/templates';
import { useRecordings } from '../../store/recordings';
import { COLUMNS, ROW_HEIGHT } from './columns';
import { RecordingRowView } from './RecordingRowView';

/** The virtual table: only the rows in view exist, and pages of rows are fetched as they scroll in. */
export function RecordingsTable({ templates }: { templates: TemplateInfo[] }) {
  const { t } = useTranslation();
  const { filters, total, selectedId, checked } = useRecordings();
  const toggleSort = useRecordings((s) => s.toggleSort);
  useRecordings((s) => s.pages); // re-render when pages arrive
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = total ?? 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (count > 0) useRecordings.getState().ensureRows(first, last);
  }, [first, last, count]);

  return (
    <div className="table" role="table" aria-label={t('recordings.table')} aria-rowcount={count}>
      <div className="thead" role="row">
        <div role="columnheader" className="th col-check" aria-label={t('recordings.selectedColumn')} />
        {COLUMNS.map((c) => (
          <button key={c.key} role="columnheader" className={`th ${c.className}`} onClick={() => toggleSort(c.key)} aria-sort={filters.sort === c.key ? (filters.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
            {t(`recordings.columns.${c.key}`)}
            {filters.sort === c.key ? <span className="sort-mark">{filters.dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
          </button>
        ))}
      </div>
      <div className="tbody" ref={scrollRef}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((vi) => {
            const r = useRecordings.getState().rowAt(vi.index);
            return (
              <RecordingRowView
                key={vi.key}
                index={vi.index}
                start={vi.start}
                row={r}
                selected={r !== undefined && r.id === selectedId}
                checked={r !== undefined && checked.has(r.id)}
                template={r ? templates.find((t) => t.id === r.templateId) : undefined}
              />
            );
          })}
        </div>
        {total === 0 ? <div className="no-match">{t('recordings.noMatch')}</div> : null}
      </div>
      <div className="tfoot">{total === null ? t('common.loading') : t('recordings.total', { count: total })}</div>
    </div>
  );
}
