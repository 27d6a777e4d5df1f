import type { ExportReport } from './export';
import type { CleanupResult, ScanReport } from './channels/integrity';
import type { MigrateApplyReport, MigratePlanView, MigrateUndoReport } from './channels/migrate';

export const JOB_KINDS = ['import', 'process', 'scan', 'cleanup', 'migrate', 'export', 'relocate'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATES = ['queued', 'running', 'done', 'failed', 'cancelled', 'interrupted', 'paused'] as const;
export type JobState = (typeof JOB_STATES)[number];

export type StageStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'needs_review';

export interface StageInfo {
  status: StageStatus;
  reason?: string | null;
  [figure: string]: unknown;
}

export interface JobProgress {
  /** Items (files, stages) done and expected. */
  done: number;
  total: number;
  bytesDone: number;
  bytesTotal: number;
  /** Bytes per second over the recent past. */
  rate: number;
  etaSec: number | null;
  /** What it is doing now, in words. */
  current: string | null;
  /** Overall share done (0..1) when neither items nor bytes describe it (processing: media time). */
  fraction?: number;
}

/** A path (or entry) that was not taken, and why. */
export interface JobRefusal {
  path: string;
  reason: string;
}

/**
 * What each kind of job writes to its summary (ctx.summary) as it runs. Every field is optional: a
 * job that failed early wrote few of them, and a summary read back from the catalog may come from
 * an older version. `title` is set by the queue for every job.
 */
export interface JobSummaries {
  import: {
    imported?: number;
    skipped?: JobRefusal[];
    failed?: JobRefusal[];
    importedIds?: number[];
    /** Imported, but not all as asked (an original kept after --move). */
    warnings?: JobRefusal[];
    /** Set for an import the inbox started: the folder watched. */
    inbox?: string;
  };
  /** Processing writes stages only; a transcription (also a 'process' job) writes its outcome. */
  process: {
    id?: number;
    engine?: string;
    model?: string | null;
    language?: string;
    segments?: number;
    words?: number;
    seconds?: number;
    realtimeFactor?: number | null;
    path?: string;
  };
  /** What the scan found (and, applied, changed). */
  scan: { report?: ScanReport };
  /**
   * Every cleanup writes counts; one a person started ("Empty the trash", a confirmed plan) also
   * writes its whole result, which is what the request used to answer with.
   */
  cleanup: {
    result?: CleanupResult;
    done?: number;
    skipped?: { path: string | null; id: number | null; reason: string }[];
    needsConfirm?: boolean;
    refused?: string | null;
  };
  migrate: {
    runId?: string;
    totals?: MigratePlanView['totals'];
    report?: MigrateApplyReport | MigrateUndoReport;
    durations?: { probed: number; failed: { id: number; reason: string }[] };
  };
  export: Partial<ExportReport>;
  relocate: {
    from?: string;
    to?: string;
    files?: number;
    bytes?: number;
    keepOld?: boolean;
    resumed?: boolean;
  };
}

export type JobSummary<K extends JobKind> = JobSummaries[K] & { title?: string };

interface JobInfoBase<K extends JobKind> {
  id: number;
  kind: K;
  state: JobState;
  title: string;
  recordingId: number | null;
  progress: JobProgress;
  stages: Record<string, StageInfo>;
  summary: JobSummary<K>;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A job of one kind: its summary has that kind's type. */
export type JobInfoOf<K extends JobKind> = JobInfoBase<K>;

/** Any job; `job.kind === 'export'` narrows `job.summary` to the export summary. */
export type JobInfo = { [K in JobKind]: JobInfoBase<K> }[JobKind];

/** States from which a job may be started again (a new job from the same payload). */
export const RETRYABLE_STATES: readonly JobState[] = ['interrupted', 'failed', 'cancelled'];

/**
 * Kinds that start again from their payload alone (`jobs:retry`). A cleanup or a migration is
 * re-planned by a person (its plan may no longer hold); a move resumes from its own journal when
 * the library opens.
 */
export const RESUMABLE_KINDS = ['import', 'process', 'export'] as const;
export type ResumableKind = (typeof RESUMABLE_KINDS)[number];

export function isResumable(kind: JobKind): kind is ResumableKind {
  return (RESUMABLE_KINDS as readonly JobKind[]).includes(kind);
}

/** Whether `jobs:retry` can start this job again. */
export function canRetry(job: Pick<JobInfo, 'kind' | 'state'>): boolean {
  return isResumable(job.kind) && RETRYABLE_STATES.includes(job.state);
}

export function emptyProgress(): JobProgress {
  return { done: 0, total: 0, bytesDone: 0, bytesTotal: 0, rate: 0, etaSec: null, current: null };
}
