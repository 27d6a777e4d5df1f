/**
 * The jobs table: the queue's persistent history. A live job is written on each change of state or
 * stage (progress is folded into its summary so a crash leaves the last figures); a job read back
 * is a JobInfo of its kind. Its payload (what it was started with) is kept apart from the summary
 * and read only to start the job again.
 */
import type Database from 'better-sqlite3';
import { emptyProgress, type JobInfo, type JobKind, type JobProgress, type JobState, type StageInfo } from '@shared/jobs';
import { stmt } from '../statements';

export interface NewJob {
  kind: JobKind;
  recordingId: number | null;
  stages: Record<string, StageInfo>;
  /** JSON-serialisable; null for a job that cannot be started again from it. */
  payload: unknown;
}

interface JobRow {
  id: number;
  kind: string;
  recording_id: number | null;
  state: string;
  stages: string;
  summary: string;
  error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

const COLUMNS = 'id, kind, recording_id, state, stages, summary, error, created_at, started_at, finished_at';

/** Adds a queued job; returns its id and when it was made (the catalog's clock). */
export function insertJob(sqlite: Database.Database, job: NewJob): { id: number; createdAt: string } {
  const row = stmt(sqlite, "INSERT INTO jobs (kind, recording_id, state, stages, payload) VALUES (?, ?, 'queued', ?, ?) RETURNING id, created_at").get(
    job.kind,
    job.recordingId,
    JSON.stringify(job.stages),
    job.payload === undefined || job.payload === null ? null : JSON.stringify(job.payload),
  ) as { id: number; created_at: number };
  return { id: row.id, createdAt: new Date(row.created_at).toISOString() };
}

/** Writes a job's state, stages, summary (with its progress, to be read back after a crash) and times. */
export function saveJob(sqlite: Database.Database, info: JobInfo): void {
  stmt(sqlite, 'UPDATE jobs SET state = ?, stages = ?, summary = ?, error = ?, started_at = ?, finished_at = ? WHERE id = ?').run(
    info.state,
    JSON.stringify(info.stages),
    JSON.stringify({ ...info.summary, progress: info.progress }),
    info.error,
    info.startedAt ? Date.parse(info.startedAt) : null,
    info.finishedAt ? Date.parse(info.finishedAt) : null,
    info.id,
  );
}

export function getJob(sqlite: Database.Database, id: number): JobInfo | null {
  const row = stmt(sqlite, `SELECT ${COLUMNS} FROM jobs WHERE id = ?`).get(id) as JobRow | undefined;
  return row ? fromRow(row) : null;
}

/** The newest jobs first. */
export function listJobs(sqlite: Database.Database, limit: number): JobInfo[] {
  return (stmt(sqlite, `SELECT ${COLUMNS} FROM jobs ORDER BY id DESC LIMIT ?`).all(limit) as JobRow[]).map(fromRow);
}

/** What the job was started with, parsed from JSON but not yet checked (null: none was stored). */
export function getJobPayload(sqlite: Database.Database, id: number): unknown {
  const row = stmt(sqlite, 'SELECT payload FROM jobs WHERE id = ?').get(id) as { payload: string | null } | undefined;
  return row?.payload ? (JSON.parse(row.payload) as unknown) : null;
}

function fromRow(r: JobRow): JobInfo {
  const summary = JSON.parse(r.summary) as Record<string, unknown> & { progress?: JobProgress; title?: string };
  const { progress, ...rest } = summary;
  // The summary is what this kind's job wrote (JobSummaries); the catalog holds it as JSON.
  return {
    id: r.id,
    kind: r.kind as JobKind,
    state: r.state as JobState,
    title: typeof rest.title === 'string' ? rest.title : r.kind,
    recordingId: r.recording_id,
    progress: progress ?? emptyProgress(),
    stages: JSON.parse(r.stages) as Record<string, StageInfo>,
    summary: rest,
    error: r.error,
    createdAt: new Date(r.created_at).toISOString(),
    startedAt: r.started_at ? new Date(r.started_at).toISOString() : null,
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  } as JobInfo;
}
