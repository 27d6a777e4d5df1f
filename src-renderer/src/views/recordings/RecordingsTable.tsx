import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateInfo } from '@shared/channels/templates';
import { useFormat } from '../../i18n/useFormat';
import { useRecordings } from '../../store/recordings';
import { NoMatch } from './NoMatch';
import { useLayout } from '../../store/layout';
import { columnStyle, ROW_HEIGHT } from './columns';
import { RecordingRowView, type RowText } from './RecordingRowView';
import { TableHead } from './TableHead';
import { useFixedVirtual } from './useFixedVirtual';
import { useTableKeys } from './useTableKeys';

/** The virtual table: only the rows in view exist, and pages of rows are fetched as they scroll in. */
export function RecordingsTable({ templates }: { templates: TemplateInfo[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const text = useMemo<RowText>(() => ({ t, fmt }), [t, fmt]);
  const { total, selectedId, checked, cursor } = useRecordings();
  const widths = useLayout((s) => s.widths);
  useRecordings((s) => s.pages); // re-render when pages arrive
  const generation = useRecordings((s) => s.generation);
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = total ?? 0;
  const virtualizer = useFixedVirtual({ count, size: ROW_HEIGHT, overscan: 12, scrollRef });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;
  useEffect(() => {
    if (count > 0) useRecordings.getState().ensureRows(first, last);
  }, [first, last, count, generation]); // a reload refetches the pages in view
  const keys = useTableKeys(virtualizer, scrollRef);
  // The cursor row is the table's one tab stop; when it is scrolled away, the list itself is, and brings it back.
  const cursorShown = items.some((vi) => vi.index === cursor);

  return (
    <div className="table" role="table" aria-label={t('recordings.table')} aria-rowcount={count + 1} style={columnStyle(widths)}>
      <TableHead />
      <div className="tbody" role="rowgroup" ref={scrollRef} tabIndex={cursorShown ? -1 : 0} onKeyDown={keys.onKeyDown} onFocus={keys.onFocus} aria-keyshortcuts="ArrowUp ArrowDown Home End PageUp PageDown Enter Space Delete Control+A">
        <div role="presentation" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((vi) => {
            const r = useRecordings.getState().rowAt(vi.index);
            return (
              <RecordingRowView
                key={vi.key}
                index={vi.index}
                start={vi.start}
                row={r}
                selected={r !== undefined && r.id === selectedId}
                isCursor={vi.index === cursor}
                checked={r !== undefined && checked.has(r.id)}
                template={r ? templates.find((t) => t.id === r.templateId) : undefined}
                text={text}
              />
            );
          })}
        </div>
        {total === 0 ? <NoMatch /> : null}
      </div>
      <div className="tfoot">{total === null ? t('common.loading') : t('recordings.total', { count: total })}</div>
    </div>
  );
}
