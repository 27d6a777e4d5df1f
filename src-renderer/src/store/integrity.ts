/** Trash, cleanup plan, schedule, audit log and watcher health for the Trash and Cleanup views. */
import { errorMessage } from '../lib/errors';
import { create } from 'zustand';
import type { AuditEntry, CleanupKind, CleanupPlan, CleanupResult, ScheduleEntry, TrashEntry, WatcherHealth } from '@shared/channels/integrity';
import { CLEANUP_KINDS } from '@shared/channels/integrity';
import { api } from '../api/client';

interface IntegrityState {
  trash: TrashEntry[] | null;
  plan: CleanupPlan | null;
  planning: boolean;
  kinds: CleanupKind[];
  schedule: ScheduleEntry[];
  audit: AuditEntry[];
  health: WatcherHealth | null;
  lastResult: CleanupResult | null;
  error: string | null;
  loadTrash(): Promise<void>;
  loadCleanup(): Promise<void>;
  plan_(kinds?: CleanupKind[]): Promise<void>;
  /** massConfirmation: what the person typed to consent to a mass change (the item count). */
  apply(confirm: boolean, expectDigest?: string, massConfirmation?: string): Promise<CleanupResult | null>;
  setKinds(kinds: CleanupKind[]): void;
}


export const useIntegrity = create<IntegrityState>((set, get) => ({
  trash: null,
  plan: null,
  planning: false,
  kinds: [...CLEANUP_KINDS],
  schedule: [],
  audit: [],
  health: null,
  lastResult: null,
  error: null,
  loadTrash: async () => {
    try {
      set({ trash: await api['trash:list']({}), error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
  loadCleanup: async () => {
    try {
      const [schedule, audit, health] = await Promise.all([api['cleanup:schedule']({}), api['audit:list']({ limit: 100 }), api['watcher:health']({})]);
      set({ schedule, audit, health, error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  },
  plan_: async (kinds) => {
    set({ planning: true });
    try {
      set({ plan: await api['cleanup:plan']({ kinds: kinds ?? get().kinds }), error: null });
    } catch (err) {
      set({ error: errorMessage(err) });
    } finally {
      set({ planning: false });
    }
  },
  apply: async (confirm, expectDigest, massConfirmation) => {
    try {
      const res = await api['cleanup:apply']({ kinds: get().kinds, confirm, expectDigest, massConfirmation });
      set({ lastResult: res, error: null });
      await Promise.all([get().plan_(), get().loadCleanup()]);
      return res;
    } catch (err) {
      set({ error: errorMessage(err) });
      return null;
    }
  },
  setKinds: (kinds) => set({ kinds, plan: null }),
}));
