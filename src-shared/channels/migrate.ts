import { z } from 'zod';
import { channel } from '../channel';
import type { LeftoverRemoval, MigrationRunInfo, PlanAction, PlanGroup, PlanProfile, PlanTotals } from '../migrate-plan';

export type {
  ApplyReport as MigrateApplyReport,
  LeftoverRemoval as MigrateLeftoverRemoval,
  MigrationRunInfo as MigrateRunInfo,
  MigrationRunState as MigrateRunState,
  PlanAction as MigrateAction,
  UndoReport as MigrateUndoReport,
} from '../migrate-plan';

/** One recording (or group of thumbnails / the legacy catalog) of a plan, as the wizard shows it. */
export interface MigratePlanGroup extends Pick<PlanGroup, 'kind' | 'legacyId' | 'displayName' | 'profileId' | 'recordingId'> {
  files: { from: string; to: string | null; action: PlanAction; reason: string | null; bytes: number; conflict: boolean }[];
}

export interface MigratePlanView {
  runId: string;
  mediaDir: string;
  recordings: MigratePlanGroup[];
  leftovers: { path: string; reason: string; bytes: number }[];
  totals: PlanTotals;
  profiles: PlanProfile[];
}

const RunId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/);

export const migrateChannels = {
  /** Scans a legacy media/ folder as a job; the job's summary carries the runId of the stored plan. */
  'migrate:plan': channel(z.object({ mediaDir: z.string().min(1).max(4096) })).returns<{ jobId: number }>(),
  /** The stored plan and state of a run. */
  'migrate:get': channel(z.object({ runId: RunId })).returns<{ run: MigrationRunInfo; plan: MigratePlanView }>(),
  /** Applies (or resumes) a planned run as a job; the summary carries the report. */
  'migrate:apply': channel(z.object({ runId: RunId })).returns<{ jobId: number }>(),
  'migrate:undo': channel(z.object({ runId: RunId })).returns<{ jobId: number }>(),
  /** Removes the temp_processing leftovers a verified run's plan listed (each re-checked first). */
  'migrate:removeLeftovers': channel(z.object({ runId: RunId })).returns<LeftoverRemoval>(),
  'migrate:runs': channel(z.object({ limit: z.number().int().min(1).max(500).default(50) })).returns<MigrationRunInfo[]>(),
};
