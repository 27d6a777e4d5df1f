/**
 * The Recordings table by keyboard: arrows, Home/End and PageUp/PageDown move the row cursor and the
 * selection with it (Shift extends the selection instead), Enter opens, Space plays or pauses,
 * Delete trashes the selected recordings and nothing else (undo in the toast),
 * Ctrl/Cmd+A selects all, Ctrl/Cmd+Space toggles the row in the selection. The list is virtual, so
 * a row gets focus once it has been scrolled into view and rendered.
 */
import { type KeyboardEvent, type RefObject, useEffect, useRef } from 'react';
import { trashRecordings } from '../../actions/trash';
import { togglePlayer, usePlayer } from '../../store/player';
import { useRecordings } from '../../store/recordings';
import { ROW_HEIGHT } from './columns';
import type { FixedVirtual } from './useFixedVirtual';

export function useTableKeys(virtualizer: Pick<FixedVirtual, 'scrollToIndex'>, scrollRef: RefObject<HTMLDivElement | null>) {
  const pendingFocus = useRef<number | null>(null);
  // A row moved to before its page arrived is selected when it does, unless the cursor has moved on.
  const pendingSelect = useRef<number | null>(null);

  const trySelect = () => {
    const index = pendingSelect.current;
    if (index === null) return;
    const s = useRecordings.getState();
    if (s.cursor !== index || s.selectAt(index)) pendingSelect.current = null;
  };
  const tryFocus = () => {
    trySelect();
    const index = pendingFocus.current;
    if (index === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"]`);
    if (row) {
      pendingFocus.current = null;
      row.focus({ preventScroll: true });
    }
  };
  // After every render: the row asked for may have just appeared.
  useEffect(tryFocus);

  const focusRow = (index: number, select = false) => {
    const s = useRecordings.getState();
    const total = s.total ?? 0;
    if (total === 0) return;
    const i = Math.max(0, Math.min(index, total - 1));
    s.setCursor(i);
    s.ensureRows(i, i);
    pendingSelect.current = select ? i : null;
    virtualizer.scrollToIndex(i, { align: 'auto' });
    pendingFocus.current = i;
    tryFocus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const s = useRecordings.getState();
    const total = s.total ?? 0;
    if (total === 0) return;
    const mod = e.ctrlKey || e.metaKey;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: s.cursor + 1, ArrowUp: s.cursor - 1, Home: 0, End: total - 1, PageDown: s.cursor + page, PageUp: s.cursor - page };
    const row = s.rowAt(s.cursor);
    if (e.key in moves && !mod) {
      e.preventDefault();
      const to = Math.max(0, Math.min(moves[e.key]!, total - 1));
      if (e.shiftKey) {
        useRecordings.setState({ anchor: s.cursor });
        s.ensureRows(Math.min(s.cursor, to), Math.max(s.cursor, to));
        s.checkRange(to);
      }
      focusRow(to, !e.shiftKey);
    } else if (e.key === 'Enter' && row) {
      e.preventDefault();
      s.select(row.id);
    } else if (e.key === ' ' && mod && row) {
      e.preventDefault();
      s.toggleChecked(row.id, s.cursor);
    } else if (e.key === ' ' && row) {
      e.preventDefault();
      if (s.selectedId === row.id && togglePlayer()) return;
      usePlayer.getState().request(row.id);
      s.select(row.id);
    } else if ((e.key === 'Delete' || (e.key === 'Backspace' && e.metaKey)) && s.deleteTargets().length > 0) {
      e.preventDefault();
      // What is highlighted and open, never the row that merely has focus.
      void trashRecordings(s.deleteTargets()).then(() => focusRow(useRecordings.getState().cursor));
    } else if (mod && e.key.toLowerCase() === 'a') {
      e.preventDefault();
      void s.checkAll();
    }
  };

  /** Tab into the table lands on the cursor row. */
  const onFocus = (e: React.FocusEvent<HTMLDivElement>) => {
    if (e.target === e.currentTarget) focusRow(useRecordings.getState().cursor);
  };

  return { onKeyDown, onFocus, focusRow };
}
