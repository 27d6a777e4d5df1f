/** Trash, cleanup plan, schedule, audit log and watcher health for the Trash and Cleanup views. */
import { errorMessage } from '../lib/errors';
import { create } from 'zustand';
import type { AuditEntry, CleanupKind, CleanupPlan, CleanupResult, ScheduleEntry, ScheduleKind, TrashEntry, WatcherHealth } from '@shared/channels/integrity';
import { CLEANUP_KINDS } from '@shared/cleanup-kinds';
import { api } from '../api/client';
import { jobEnd } from './job-end';

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
  /** "Run now" for one scheduled kind: starts its job, and reloads the schedule when it has ended. */
  runScheduled(kind: ScheduleKind): Promise<void>;
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
      const [{ schedule }, audit, health] = await Promise.all([api['cleanup:schedule']({}), api['audit:list']({ limit: 100 }), api['watcher:health']({})]);
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
      const { jobId } = await api['cleanup:apply']({ kinds: get().kinds, confirm, expectDigest, massConfirmation });
      const res = (await jobEnd(jobId, 'cleanup')).summary.result ?? { done: [], skipped: [] };
      set({ lastResult: res, error: null });
      await Promise.all([get().plan_(), get().loadCleanup()]);
      return res;
    } catch (err) {
      set({ error: errorMessage(err) });
      return null;
    }
  },
  setKinds: (kinds) => set({ kinds, plan: null }),
  runScheduled: async (kind) => {
    try {
      const { schedule, jobId } = await api['cleanup:schedule']({ runNow: kind });
      set({ schedule, error: null });
      // A failed run is recorded in the schedule as its result: the reload below shows it.
      if (jobId !== null) await jobEnd(jobId, 'cleanup').catch(() => undefined);
    } catch (err) {
      set({ error: errorMessage(err) });
    }
    await get().loadCleanup();
  },
}));
