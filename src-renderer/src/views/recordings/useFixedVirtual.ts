import { type RefObject, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';

export interface VirtualItem {
  index: number;
  start: number;
  key: number;
}

export interface FixedVirtual {
  getVirtualItems(): VirtualItem[];
  getTotalSize(): number;
  /** Scrolls the least that brings item `index` into view ('auto', as TanStack's). */
  scrollToIndex(index: number, opts?: { align: 'auto' }): void;
}

/**
 * A virtual list of items that all have one height (the Recordings rows and grid lines): what is
 * in view follows from scrollTop alone, in O(rows in view). A general virtualizer measures every
 * item up front, a cost that grows with the list (100,000 rows: tens of ms at each first paint
 * and each new result set).
 */
export function useFixedVirtual(opts: { count: number; size: number; overscan: number; scrollRef: RefObject<HTMLElement | null> }): FixedVirtual {
  const { count, size, overscan, scrollRef } = opts;
  const [view, setView] = useState({ top: 0, height: 0 });
  const viewRef = useRef(view);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    // Only a change of the rows in view re-renders, not every scroll event.
    const read = () => {
      const next = { top: el.scrollTop, height: el.clientHeight };
      const was = viewRef.current;
      if (Math.floor(next.top / size) === Math.floor(was.top / size) && Math.ceil((next.top + next.height) / size) === Math.ceil((was.top + was.height) / size)) return;
      viewRef.current = next;
      setView(next);
    };
    read();
    el.addEventListener('scroll', read, { passive: true });
    const ro = new ResizeObserver(read);
    ro.observe(el);
    return () => {
      el.removeEventListener('scroll', read);
      ro.disconnect();
    };
  }, [scrollRef, size]);

  const items = useMemo(() => {
    if (count === 0 || view.height === 0) return [];
    const first = Math.max(0, Math.floor(view.top / size) - overscan);
    const last = Math.min(count - 1, Math.ceil((view.top + view.height) / size) + overscan);
    const out: VirtualItem[] = [];
    for (let i = first; i <= last; i++) out.push({ index: i, start: i * size, key: i });
    return out;
  }, [count, size, overscan, view]);

  const scrollToIndex = useCallback(
    (index: number) => {
      const el = scrollRef.current;
      if (!el) return;
      const top = index * size;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + size > el.scrollTop + el.clientHeight) el.scrollTop = top + size - el.clientHeight;
    },
    [scrollRef, size],
  );

  return useMemo(() => ({ getVirtualItems: () => items, getTotalSize: () => count * size, scrollToIndex }), [items, count, size, scrollToIndex]);
}
