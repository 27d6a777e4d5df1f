/**
 * How the person arranged the Recordings view: list or grid, column widths, the detail panel's
 * width. Remembered in this browser/app profile (localStorage), per machine, like a window size.
 */
import { create } from 'zustand';
import type { SortKey } from '@shared/domain';

export type RecordingsLayout = 'table' | 'grid';
/** Widths in px of the columns that can be resized (the name takes the rest, never under ~24 characters). */
export type ColumnWidths = Record<Exclude<SortKey, 'name'>, number>;

const KEY = 'reclib.layout';
export const DEFAULT_WIDTHS: ColumnWidths = { date: 172, duration: 92, size: 92, status: 120, template: 140 };
export const MIN_COLUMN = 60;
export const DETAIL_MIN = 300;
export const DETAIL_MAX = 720;

interface Saved {
  layout: RecordingsLayout;
  widths: ColumnWidths;
  detailWidth: number;
}

function load(): Saved {
  const fallback: Saved = { layout: 'table', widths: { ...DEFAULT_WIDTHS }, detailWidth: 360 };
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<Saved> | null;
    if (!v || typeof v !== 'object') return fallback;
    const widths = { ...DEFAULT_WIDTHS };
    for (const k of Object.keys(widths) as (keyof ColumnWidths)[]) {
      const w = v.widths?.[k];
      if (typeof w === 'number' && Number.isFinite(w)) widths[k] = Math.max(MIN_COLUMN, Math.min(600, w));
    }
    return {
      layout: v.layout === 'grid' ? 'grid' : 'table',
      widths,
      detailWidth: typeof v.detailWidth === 'number' ? Math.max(DETAIL_MIN, Math.min(DETAIL_MAX, v.detailWidth)) : fallback.detailWidth,
    };
  } catch {
    return fallback;
  }
}

interface LayoutState extends Saved {
  setLayout(layout: RecordingsLayout): void;
  setWidth(key: keyof ColumnWidths, px: number): void;
  setDetailWidth(px: number): void;
}

export const useLayout = create<LayoutState>((set, get) => {
  const save = () => {
    const { layout, widths, detailWidth } = get();
    localStorage.setItem(KEY, JSON.stringify({ layout, widths, detailWidth }));
  };
  return {
    ...load(),
    setLayout: (layout) => {
      set({ layout });
      save();
    },
    setWidth: (key, px) => {
      set({ widths: { ...get().widths, [key]: Math.max(MIN_COLUMN, Math.min(600, Math.round(px))) } });
      save();
    },
    setDetailWidth: (px) => {
      set({ detailWidth: Math.max(DETAIL_MIN, Math.min(DETAIL_MAX, Math.round(px))) });
      save();
    },
  };
});
