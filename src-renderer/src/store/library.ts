import { create } from 'zustand';
import type { LibraryInfo, StorageInfo } from '../../../src-shared/domain';
import { api } from '../api/client';

interface LibraryState {
  info: LibraryInfo | null;
  storage: StorageInfo | null;
  error: string | null;
  refresh(): Promise<void>;
  refreshStorage(): Promise<void>;
}

export const useLibrary = create<LibraryState>((set) => ({
  info: null,
  storage: null,
  error: null,
  refresh: async () => {
    try {
      set({ info: await api['library:info']({}), error: null });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
  refreshStorage: async () => {
    try {
      set({ storage: await api['storage:get']({}) });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
}));
