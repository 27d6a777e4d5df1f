/**
 * The recordings as a grid of posters (toggle in the toolbar, remembered). Virtual by lines of
 * cards; the same row cursor, selection and keys as the table, with Left/Right moving by one and
 * Up/Down by a line.
 */
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateInfo } from '@shared/channels/templates';
import { thumbnailVersion } from '../../api/client';
import { trashRecordings } from '../../actions/trash';
import { useFormat } from '../../i18n/useFormat';
import { togglePlayer, usePlayer } from '../../store/player';
import { useRecordings } from '../../store/recordings';
import { NoMatch } from './NoMatch';
import { RowThumb } from './RowThumb';
import { TagChips } from './TagChips';
import { useFixedVirtual } from './useFixedVirtual';

const CARD_W = 208;
// Up to three lines of name: the recordings of a series differ at their end ("часть 1", "часть 2").
const CARD_H = 228;

export function RecordingsGrid({ templates }: { templates: TemplateInfo[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { total, selectedId, checked, cursor } = useRecordings();
  useRecordings((s) => s.pages);
  const generation = useRecordings((s) => s.generation);
  const scrollRef = useRef<HTMLDivElement>(null);
  const [perLine, setPerLine] = useState(4);
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setPerLine(Math.max(1, Math.floor((el.clientWidth - 16) / CARD_W))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const count = total ?? 0;
  const lines = Math.ceil(count / perLine);
  const virtualizer = useFixedVirtual({ count: lines, size: CARD_H, overscan: 3, scrollRef });
  const items = virtualizer.getVirtualItems();
  const first = (items[0]?.index ?? 0) * perLine;
  const last = ((items[items.length - 1]?.index ?? 0) + 1) * perLine - 1;
  useEffect(() => {
    if (count > 0) useRecordings.getState().ensureRows(first, Math.min(last, count - 1));
  }, [first, last, count, generation]); // a reload refetches the pages in view

  const pending = useRef<number | null>(null);
  useEffect(() => {
    if (pending.current === null) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${pending.current}"]`);
    if (el) {
      pending.current = null;
      el.focus({ preventScroll: true });
    }
  });
  const focusCard = (i: number) => {
    const s = useRecordings.getState();
    const to = Math.max(0, Math.min(i, count - 1));
    s.setCursor(to);
    virtualizer.scrollToIndex(Math.floor(to / perLine), { align: 'auto' });
    pending.current = to;
    scrollRef.current?.querySelector<HTMLElement>(`[data-index="${to}"]`)?.focus({ preventScroll: true });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const s = useRecordings.getState();
    const moves: Record<string, number> = { ArrowRight: s.cursor + 1, ArrowLeft: s.cursor - 1, ArrowDown: s.cursor + perLine, ArrowUp: s.cursor - perLine, Home: 0, End: count - 1 };
    const row = s.rowAt(s.cursor);
    if (e.key in moves && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      focusCard(moves[e.key]!);
      // The selection moves with the focus, as in the table (a card not loaded yet stays unselected).
      useRecordings.getState().selectAt(useRecordings.getState().cursor);
    } else if (e.key === 'Enter' && row) {
      e.preventDefault();
      s.select(row.id);
    } else if (e.key === ' ' && row) {
      e.preventDefault();
      if (s.selectedId === row.id && togglePlayer()) return;
      usePlayer.getState().request(row.id);
      s.select(row.id);
    } else if (e.key === 'Delete' && s.deleteTargets().length > 0) {
      e.preventDefault();
      void trashRecordings(s.deleteTargets());
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      void s.checkAll();
    }
  };

  return (
    <div className="grid-scroll" ref={scrollRef} role="list" aria-label={t('layout.gridLabel')} onKeyDown={onKeyDown}>
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((line) => (
          <div key={line.key} className="grid-line" style={{ transform: `translateY(${line.start}px)`, height: CARD_H }}>
            {Array.from({ length: perLine }, (_, k) => line.index * perLine + k)
              .filter((i) => i < count)
              .map((i) => {
                const r = useRecordings.getState().rowAt(i);
                return (
                  <div
                    key={i}
                    role="listitem"
                    data-index={i}
                    tabIndex={i === cursor ? 0 : -1}
                    className={`grid-card${r && r.id === selectedId ? ' selected' : ''}${r && checked.has(r.id) ? ' checked' : ''}`}
                    aria-label={r ? r.displayName : t('recordings.loadingRow')}
                    onClick={(e) => {
                      if (!r) return;
                      const s = useRecordings.getState();
                      s.setCursor(i);
                      if (e.ctrlKey || e.metaKey) s.toggleChecked(r.id, i);
                      else s.select(r.id);
                    }}
                  >
                    {r ? (
                      <>
                        <RowThumb row={r} version={thumbnailVersion(r, templates.find((x) => x.id === r.templateId))} className="grid-poster" />
                        <div className="grid-name" title={r.displayName}>
                          {r.displayName}
                        </div>
                        <div className="grid-meta muted">
                          {fmt.date(r.startTime)} · {fmt.duration(r.keptDurationSec ?? r.durationSec)}
                        </div>
                        <TagChips tags={r.tags} className="grid-tags" />
                      </>
                    ) : null}
                  </div>
                );
              })}
          </div>
        ))}
      </div>
      {total === 0 ? <NoMatch /> : null}
    </div>
  );
}
