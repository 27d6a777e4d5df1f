/**
 * The migration's domain: a plan of a legacy media/ folder (pure data, stored in migration_runs when
 * a run starts), the states of a run and its reports. One definition for the core, the catalog,
 * the IPC contract and the renderer.
 */
import type { FileKind } from './domain';

export type PlanAction = 'move' | 'dedupe' | 'leave';

export interface PlanFile {
  /** Relative to the media folder. */
  from: string;
  /** Relative to the library; for a dedupe, the kept copy. */
  to: string | null;
  action: PlanAction;
  reason: string | null;
  bytes: number;
  /** Content hash from the scan; null for large media that are never compared (hashed by their move). */
  hash: string | null;
  /** An uncertain match (never guessed): the wizard lists these under Conflicts. */
  conflict?: boolean;
  /** Kind of the files-table row it becomes; null when it is not registered (shared templates, the legacy archive). */
  kind: FileKind | null;
}

export type GroupKind = 'recording' | 'thumbnails' | 'templates' | 'archive';

export interface PlanGroup {
  kind: GroupKind;
  legacyId: number | null;
  displayName: string;
  profileId: number;
  /** The catalog id the recording gets (reserved when the run starts); null for non-recording groups. */
  recordingId: number | null;
  startTime: number;
  status: 'ready' | 'processed';
  files: PlanFile[];
}

export interface PlanLeftover {
  path: string;
  reason: string;
  bytes: number;
  /** A regular file (a link or socket is checked only for presence). */
  regular: boolean;
}

export interface PlanProfile {
  id: number;
  name: string;
  /** Created by this run (and removed again by its undo). */
  create: boolean;
}

export interface PlanTotals {
  files: number;
  bytes: number;
  move: number;
  dedupe: number;
  leave: number;
}

export interface MigrationPlan {
  runId: string;
  mediaDir: string;
  createdAt: string;
  profiles: PlanProfile[];
  recordings: PlanGroup[];
  leftovers: PlanLeftover[];
  /** Every folder of the legacy tree, so an undo recreates empty ones as well. */
  dirs: string[];
  totals: PlanTotals;
  usedDataDb: boolean;
}

export type MigrationRunState = 'planned' | 'applying' | 'cancelled' | 'failed' | 'applied' | 'undoing' | 'undone';

/** A file named in a report, with why. */
export interface PathReason {
  path: string;
  reason: string;
}

export interface ApplyReport {
  runId: string;
  moved: number;
  deduped: number;
  leftovers: PathReason[];
  unaccounted: PathReason[];
}

export interface UndoReport {
  runId: string;
  restored: number;
  unaccounted: PathReason[];
}

/** A run as lists show it: its state, its plan's totals and its last report. */
export interface MigrationRunInfo {
  id: string;
  mediaDir: string;
  state: MigrationRunState;
  startedAt: string;
  finishedAt: string | null;
  totals: PlanTotals;
  report: ApplyReport | UndoReport | null;
}

/** What removing a run's temp_processing leftovers did. */
export interface LeftoverRemoval {
  runId: string;
  removed: { path: string; bytes: number }[];
  skipped: PathReason[];
  bytes: number;
  removedDirs: number;
}
