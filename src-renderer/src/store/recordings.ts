/**
 * The Recordings table's data: pages of rows fetched on demand as the virtual list scrolls, so
 * 100,000 recordings cost one page to first paint.
 */
import { errorMessage } from '../lib/errors';
import { create } from 'zustand';
import type { RecordingQuery } from '@shared/channels/recordings';
import type { RecordingQueryResult, RecordingRow, SortKey } from '@shared/domain';
import { DEFAULT_LIST_QUERY, LIST_PAGE_SIZE } from '@shared/first-screen';
import { api, onEvent } from '../api/client';
import { peekValue } from '../api/first-screen';

export const PAGE_SIZE = LIST_PAGE_SIZE;

type Filters = Pick<RecordingQuery, 'search' | 'sort' | 'dir' | 'status' | 'profileId' | 'templateId' | 'expiringWithinDays'>;

const { offset: _offset, limit: _limit, ...DEFAULT_FILTERS } = DEFAULT_LIST_QUERY;

/** The first page the page carried (reclib serve): the list's first state, so the first render has rows. */
const carried = peekValue('recordings:query', DEFAULT_LIST_QUERY);

/**
 * The first page of the default list, asked for as soon as the page's script runs: in parallel
 * with the library's status and settings, not one round trip after them (first paint). With no
 * library open it fails, and the list asks again when it shows.
 */
let earlyFirstPage: Promise<RecordingQueryResult | null> | null = carried ? null : api['recordings:query'](DEFAULT_LIST_QUERY).catch(() => null);
// A change before the list shows makes that early answer stale: the list asks afresh.
const dropEarly = onEvent('library:changed', () => {
  earlyFirstPage = null;
  dropEarly();
});

/** The early page when it answers the very query asked (taken once), else null. */
async function takeEarly(filters: Filters, page: number): Promise<RecordingQueryResult | null> {
  const early = earlyFirstPage;
  earlyFirstPage = null;
  if (!early || page !== 0 || (Object.keys(DEFAULT_FILTERS) as (keyof Filters)[]).some((k) => filters[k] !== DEFAULT_FILTERS[k])) return null;
  return early;
}

interface RecordingsState {
  filters: Filters;
  total: number | null;
  pages: Map<number, RecordingRow[]>;
  /**
   * Pages fetched since the last reload. A reload after a change keeps the old pages on screen
   * until their fresh copies arrive: a row that blinked to "loading" under a click would swallow it.
   */
  fresh: Set<number>;
  loading: Set<number>;
  generation: number;
  selectedId: number | null;
  /**
   * The multi-selection (checkboxes, ctrl/shift-click): one Set of ids in the store, replaced on
   * change, so rows read membership without state of their own and the virtual list stays cheap.
   * It survives scrolling, sorting and filtering (ids, not row indexes).
   */
  checked: Set<number>;
  /** The row index a shift-click extends from. */
  anchor: number | null;
  /** The keyboard's row: arrows move it, Enter opens it, Space plays it (an index into the sorted list). */
  cursor: number;
  error: string | null;
  setFilters(patch: Partial<Filters>): void;
  /** setFilters, settling when the first page of the new list has answered (the live search sends its next text then). */
  applyFilters(patch: Partial<Filters>): Promise<void>;
  toggleSort(key: SortKey): void;
  ensureRows(from: number, to: number): void;
  rowAt(index: number): RecordingRow | undefined;
  /** Refetches the list; `clear` drops the rows shown (a new query) instead of keeping them until the new ones arrive (a change). */
  reload(clear?: boolean): void;
  select(id: number | null): void;
  toggleChecked(id: number, index: number): void;
  /** Adds the loaded rows between the anchor and this index (a shift-click). */
  checkRange(index: number): void;
  clearChecked(): void;
  uncheck(ids: number[]): void;
  setCursor(index: number): void;
  /**
   * Makes the row at the index the one selected and open (a plain arrow key, like a file manager):
   * the multi-selection is dropped so that Delete never acts on rows other than the one in view.
   * False while that row is not loaded yet.
   */
  selectAt(index: number): boolean;
  /** What Delete acts on: the checked recordings, else the one selected (never a row that merely has focus). */
  deleteTargets(): number[];
  /** Checks every recording the filters match, fetching the ids of rows not loaded yet. */
  checkAll(): Promise<void>;
}

export const useRecordings = create<RecordingsState>((set, get) => {
  const fetchPage = async (page: number, generation: number) => {
    const { filters, loading } = get();
    if (loading.has(page)) return;
    loading.add(page);
    try {
      const res = (await takeEarly(filters, page)) ?? (await api['recordings:query']({ ...filters, offset: page * PAGE_SIZE, limit: PAGE_SIZE }));
      if (get().generation !== generation) return;
      const pages = new Map(get().pages);
      pages.set(page, res.rows);
      set({ pages, fresh: new Set(get().fresh).add(page), total: res.total, error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    } finally {
      loading.delete(page);
    }
  };

  const reloadNow = (clear: boolean): Promise<void> => {
    const generation = get().generation + 1;
    set({ generation, pages: clear ? new Map() : get().pages, fresh: new Set(), loading: new Set() });
    if (get().total !== null && get().cursor >= (get().total ?? 0)) set({ cursor: Math.max(0, (get().total ?? 1) - 1) });
    return fetchPage(0, generation);
  };

  return {
    filters: DEFAULT_FILTERS,
    total: carried?.total ?? null,
    pages: carried ? new Map([[0, carried.rows]]) : new Map(),
    fresh: carried ? new Set([0]) : new Set(),
    loading: new Set(),
    generation: 0,
    selectedId: null,
    checked: new Set(),
    anchor: null,
    cursor: 0,
    error: null,
    setFilters: (patch) => {
      void get().applyFilters(patch);
    },
    applyFilters: (patch) => {
      set({ filters: { ...get().filters, ...patch } });
      return reloadNow(true);
    },
    toggleSort: (key) => {
      const { sort, dir } = get().filters;
      get().setFilters(sort === key ? { dir: dir === 'asc' ? 'desc' : 'asc' } : { sort: key, dir: key === 'date' || key === 'size' || key === 'duration' ? 'desc' : 'asc' });
    },
    ensureRows: (from, to) => {
      const { fresh, generation } = get();
      for (let p = Math.floor(from / PAGE_SIZE); p <= Math.floor(Math.max(from, to) / PAGE_SIZE); p++) {
        if (!fresh.has(p)) void fetchPage(p, generation);
      }
    },
    rowAt: (index) => get().pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    reload: (clear = false) => void reloadNow(clear),
    select: (id) => set({ selectedId: id }),
    toggleChecked: (id, index) => {
      const checked = new Set(get().checked);
      if (checked.has(id)) checked.delete(id);
      else checked.add(id);
      set({ checked, anchor: index });
    },
    checkRange: (index) => {
      const { anchor, rowAt } = get();
      const from = Math.min(anchor ?? index, index);
      const to = Math.max(anchor ?? index, index);
      const checked = new Set(get().checked);
      // Only loaded rows: a range over pages not fetched yet would need their ids first.
      for (let i = from; i <= to; i++) {
        const r = rowAt(i);
        if (r) checked.add(r.id);
      }
      set({ checked, anchor: index });
    },
    clearChecked: () => set({ checked: new Set(), anchor: null }),
    uncheck: (ids) => {
      const checked = new Set(get().checked);
      for (const id of ids) checked.delete(id);
      set({ checked });
    },
    setCursor: (index) => set({ cursor: Math.max(0, Math.min(index, (get().total ?? 1) - 1)) }),
    selectAt: (index) => {
      const r = get().rowAt(index);
      if (!r) return false;
      set({ selectedId: r.id, checked: new Set(), anchor: index });
      return true;
    },
    deleteTargets: () => {
      const { checked, selectedId } = get();
      return checked.size > 0 ? [...checked] : selectedId !== null ? [selectedId] : [];
    },
    checkAll: async () => {
      const { filters, total, generation } = get();
      const checked = new Set(get().checked);
      try {
        for (let offset = 0; offset < (total ?? 0) && offset < 10_000; offset += 1000) {
          const res = await api['recordings:query']({ ...filters, offset, limit: 1000 });
          if (get().generation !== generation) return;
          for (const r of res.rows) checked.add(r.id);
        }
        set({ checked });
      } catch (err) {
        set({ error: errorMessage(err) });
      }
    },
  };
});
