import { create } from 'zustand';
import type { MigratePlanView, MigrateRunInfo } from '@shared/channels/migrate';

export type WizardStep = 'choose' | 'scanning' | 'plan' | 'applying' | 'report' | 'undoing' | 'undone';

interface MigrateState {
  step: WizardStep;
  mediaDir: string;
  jobId: number | null;
  plan: MigratePlanView | null;
  run: MigrateRunInfo | null;
  error: string | null;
  set(patch: Partial<Omit<MigrateState, 'set' | 'reset'>>): void;
  reset(): void;
}

/** The wizard's state survives switching views, so a long apply can be watched from elsewhere. */
export const useMigrate = create<MigrateState>((set) => ({
  step: 'choose',
  mediaDir: '',
  jobId: null,
  plan: null,
  run: null,
  error: null,
  set: (patch) => set(patch),
  reset: () => set({ step: 'choose', jobId: null, plan: null, run: null, error: null }),
}));
