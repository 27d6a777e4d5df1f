import { z } from 'zod';
import { channel } from '../channel';

export type MigrateAction = 'move' | 'dedupe' | 'leave';

/** One recording (or group of thumbnails / the legacy catalog) of a plan, as the wizard shows it. */
export interface MigratePlanGroup {
  kind: 'recording' | 'thumbnails' | 'templates' | 'archive';
  legacyId: number | null;
  displayName: string;
  profileId: number;
  recordingId: number | null;
  files: { from: string; to: string | null; action: MigrateAction; reason: string | null; bytes: number; conflict: boolean }[];
}

export interface MigratePlanView {
  runId: string;
  mediaDir: string;
  recordings: MigratePlanGroup[];
  leftovers: { path: string; reason: string; bytes: number }[];
  totals: { files: number; bytes: number; move: number; dedupe: number; leave: number };
  profiles: { id: number; name: string; create: boolean }[];
}

export type MigrateRunState = 'planned' | 'applying' | 'cancelled' | 'failed' | 'applied' | 'undoing' | 'undone';

export interface MigrateApplyReport {
  runId: string;
  moved: number;
  deduped: number;
  leftovers: { path: string; reason: string }[];
  unaccounted: { path: string; reason: string }[];
}

export interface MigrateUndoReport {
  runId: string;
  restored: number;
  unaccounted: { path: string; reason: string }[];
}

export interface MigrateRunInfo {
  id: string;
  mediaDir: string;
  state: MigrateRunState;
  startedAt: string;
  finishedAt: string | null;
  totals: MigratePlanView['totals'];
  report: MigrateApplyReport | MigrateUndoReport | null;
}

/** What `migrate:removeLeftovers` (and `reclib migrate --remove-leftovers <run>`) did. */
export interface MigrateLeftoverRemoval {
  runId: string;
  removed: { path: string; bytes: number }[];
  skipped: { path: string; reason: string }[];
  bytes: number;
  removedDirs: number;
}

const RunId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/);

export const migrateChannels = {
  /** Scans a legacy media/ folder as a job; the job's summary carries the runId of the stored plan. */
  'migrate:plan': channel(z.object({ mediaDir: z.string().min(1).max(4096) })).returns<{ jobId: number }>(),
  /** The stored plan and state of a run. */
  'migrate:get': channel(z.object({ runId: RunId })).returns<{ run: MigrateRunInfo; plan: MigratePlanView }>(),
  /** Applies (or resumes) a planned run as a job; the summary carries the report. */
  'migrate:apply': channel(z.object({ runId: RunId })).returns<{ jobId: number }>(),
  'migrate:undo': channel(z.object({ runId: RunId })).returns<{ jobId: number }>(),
  /** Removes the temp_processing leftovers a verified run's plan listed (each re-checked first). */
  'migrate:removeLeftovers': channel(z.object({ runId: RunId })).returns<MigrateLeftoverRemoval>(),
  'migrate:runs': channel(z.object({ limit: z.number().int().min(1).max(500).default(50) })).returns<MigrateRunInfo[]>(),
};
