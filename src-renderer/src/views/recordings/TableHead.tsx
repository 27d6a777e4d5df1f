import { useTranslation } from 'react-i18next';
import { Resizer } from '../../components/Resizer';
import { type ColumnWidths, MIN_COLUMN, useLayout } from '../../store/layout';
import { useRecordings } from '../../store/recordings';
import { COLUMNS } from './columns';

/** The header row: a sort button per column and, between columns, a handle to resize them (mouse or arrows). */
export function TableHead() {
  const { t } = useTranslation();
  const filters = useRecordings((s) => s.filters);
  const toggleSort = useRecordings((s) => s.toggleSort);
  const widths = useLayout((s) => s.widths);
  const setWidth = useLayout((s) => s.setWidth);
  return (
    <div className="thead" role="row">
      <div role="columnheader" className="th col-check" aria-label={t('recordings.selectedColumn')} />
      {COLUMNS.map((c) => {
        const name = t(`recordings.columns.${c.key}`);
        return (
          <div key={c.key} role="columnheader" aria-label={name} className={`th ${c.className}`} aria-sort={filters.sort === c.key ? (filters.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
            <button className="th-sort" onClick={() => toggleSort(c.key)}>
              {name}
              {filters.sort === c.key ? <span className="sort-mark">{filters.dir === 'asc' ? ' ▲' : ' ▼'}</span> : null}
            </button>
            {c.key !== 'name' ? (
              <Resizer
                label={t('layout.resizeColumn', { name })}
                value={widths[c.key as keyof ColumnWidths]}
                min={MIN_COLUMN}
                max={600}
                onChange={(px) => setWidth(c.key as keyof ColumnWidths, px)}
              />
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
