/**
 * How the person arranged the Recordings view: list or grid, column widths, the detail panel's
 * width. Stored with the app settings (ui, through store/uiSettings); localStorage keeps a copy
 * for the first paint only.
 */
import { create } from 'zustand';
import type { SortKey } from '@shared/domain';
import type { UiSettingsPatch } from '@shared/settings';
import { COLUMN_WIDTH, DETAIL_WIDTH } from '@shared/settings-values';
import { saveUiSettings } from './saveUiSettings';

export type RecordingsLayout = 'table' | 'grid';
/** Widths in px of the columns that can be resized (the name takes the rest, never under ~24 characters). */
export type ColumnWidths = Record<Exclude<SortKey, 'name'>, number>;

const KEY = 'reclib.layout';
export const DEFAULT_WIDTHS: ColumnWidths = { date: 196, duration: 92, size: 92, status: 120, template: 140 };
export const MIN_COLUMN = COLUMN_WIDTH.min;
export const DETAIL_MIN = DETAIL_WIDTH.min;
export const DETAIL_MAX = DETAIL_WIDTH.max;

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
  /** Takes the stored layout (from the app settings) without saving it back. */
  adopt(saved: Saved): void;
  setLayout(layout: RecordingsLayout): void;
  setWidth(key: keyof ColumnWidths, px: number): void;
  setDetailWidth(px: number): void;
}

export const useLayout = create<LayoutState>((set, get) => {
  const cache = () => {
    const { layout, widths, detailWidth } = get();
    localStorage.setItem(KEY, JSON.stringify({ layout, widths, detailWidth }));
  };
  // The app settings are the home; a failed save keeps the cached copy and is tried with the next change.
  const persist = (patch: UiSettingsPatch) => void saveUiSettings(patch).catch(() => undefined);
  return {
    ...load(),
    adopt: (saved) => {
      set(saved);
      cache();
    },
    setLayout: (layout) => {
      set({ layout });
      cache();
      persist({ recordingsLayout: layout });
    },
    setWidth: (key, px) => {
      const w = Math.max(MIN_COLUMN, Math.min(600, Math.round(px)));
      set({ widths: { ...get().widths, [key]: w } });
      cache();
      persist({ columnWidths: { [key]: w } });
    },
    setDetailWidth: (px) => {
      const w = Math.max(DETAIL_MIN, Math.min(DETAIL_MAX, Math.round(px)));
      set({ detailWidth: w });
      cache();
      persist({ detailWidth: w });
    },
  };
});
