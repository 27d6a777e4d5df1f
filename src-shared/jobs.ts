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

export interface JobInfo {
  id: number;
  kind: JobKind;
  state: JobState;
  title: string;
  recordingId: number | null;
  progress: JobProgress;
  stages: Record<string, StageInfo>;
  summary: Record<string, unknown>;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export function emptyProgress(): JobProgress {
  return { done: 0, total: 0, bytesDone: 0, bytesTotal: 0, rate: 0, etaSec: null, current: null };
}
