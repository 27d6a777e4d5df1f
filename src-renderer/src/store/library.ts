import { create } from 'zustand';
import type { LibraryInfo, LibraryStatus, StorageInfo } from '@shared/domain';
import { api } from '../api/client';
import { peekValue } from '../api/first-screen';
import { errorMessage } from '../lib/errors';

interface LibraryState {
  /** The open library, or why none is open; null until the first answer. */
  status: LibraryStatus | null;
  info: LibraryInfo | null;
  storage: StorageInfo | null;
  error: string | null;
  refresh(): Promise<void>;
  refreshStorage(): Promise<void>;
  /** Re-reads the library's counts (LibraryInfo.recordingCount: recordings outside the trash). */
  refreshCount(): Promise<void>;
  /** Adopts the status a library:retry / library:create / library:open answered with. */
  setStatus(status: LibraryStatus): void;
}

const infoOf = (s: LibraryStatus): LibraryInfo | null => (s.state === 'open' ? s.info : null);

/** The status the page carried (reclib serve): the first render shows the library at once. */
const carried = peekValue('library:status', {}) ?? null;

export const useLibrary = create<LibraryState>((set) => ({
  status: carried,
  info: carried ? infoOf(carried) : null,
  storage: null,
  error: null,
  refresh: async () => {
    try {
      const status = await api['library:status']({});
      set({ status, info: infoOf(status), error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
  refreshStorage: async () => {
    try {
      set({ storage: await api['storage:get']({}) });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
  refreshCount: async () => {
    try {
      const info = await api['library:info']({});
      set((s) => (s.status?.state === 'open' ? { info, status: { state: 'open', info } } : {}));
    } catch {
      // The count is a nicety; the list itself reports errors.
    }
  },
  setStatus: (status) => set({ status, info: infoOf(status), error: null }),
}));
