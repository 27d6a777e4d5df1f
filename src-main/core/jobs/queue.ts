/**
 * The job queue: long work (import, processing, scans, cleanup, migration) runs here with
 * progress, cancel and a persistent history in the catalog. Jobs that were running when the
 * process died are found at start and marked interrupted, so they can be resumed.
 */
import { emptyProgress, type JobInfo, type JobInfoOf, type JobKind, type JobProgress, type JobState, type JobSummary, type ResumableKind, type StageInfo } from '@shared/jobs';
import type { JobPayload } from '@shared/job-kinds';
import { getJob, insertJob, listJobs, saveJob } from '@core/catalog/repositories/jobs';
import type { Library } from '../catalog/library';
import type { Logger } from '../log/logger';
import { errorMessage } from '@shared/errors';

export interface JobContext<K extends JobKind = JobKind> {
  id: number;
  signal: AbortSignal;
  log: Logger;
  progress(patch: Partial<JobProgress>): void;
  stage(name: string, info: StageInfo): void;
  /** Merged into the job's summary, whose fields are its kind's (JobSummaries in src-shared/jobs). */
  summary(patch: Partial<JobSummary<K>>): void;
}

/**
 * A kind that can start again from its payload (RESUMABLE_KINDS) must be given one; for the others
 * it is kept when given (what the job was asked, for the record), and may be left out.
 */
type PayloadOf<K extends JobKind> = K extends ResumableKind ? { payload: JobPayload<K> } : { payload?: JobPayload<K> };

export type JobSpec<K extends JobKind, T> = {
  kind: K;
  title: string;
  recordingId?: number | null;
  stages?: Record<string, StageInfo>;
  run(ctx: JobContext<K>): Promise<T>;
} & PayloadOf<K>;

interface Live {
  info: JobInfo;
  controller: AbortController;
  rateWindow: { t: number; bytes: number }[];
  lastEmit: number;
  /** Settles when the job has ended, whatever the outcome. */
  settled: Promise<unknown>;
}

interface Waiting {
  id: number;
  kind: JobKind;
  start(): void;
  drop(): void;
}

/**
 * Which jobs may run side by side. Processing jobs run up to the concurrency setting and beside an
 * import; an import runs alone among imports; cleanup and migration touch the whole layout (an
 * orphan cleanup must never see a half-committed file of another job), so they run alone, and so
 * does a relocate (it copies the whole library and then its catalog: nothing may change meanwhile). An
 * export only reads, one at a time.
 */
function mayRunBeside(kind: JobKind, running: ReadonlyMap<JobKind, number>, concurrency: number): boolean {
  const n = (k: JobKind) => running.get(k) ?? 0;
  const total = [...running.values()].reduce((a, b) => a + b, 0);
  if (n('cleanup') || n('migrate') || n('relocate')) return false;
  switch (kind) {
    case 'cleanup':
    case 'migrate':
    case 'relocate':
      return total === 0;
    case 'import':
      return n('import') === 0 && n('scan') === 0;
    case 'process':
      return n('process') < concurrency && n('scan') === 0;
    case 'scan':
      return total === 0;
    case 'export':
      // Only reads the library (and must not see files a cleanup or migration is moving).
      return n('export') === 0;
    default: {
      const unknown: never = kind;
      throw new Error(`no rule for running a ${String(unknown)} job`);
    }
  }
}

export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor(message = 'cancelled') {
    super(message);
  }
}

export class JobQueue {
  private readonly live = new Map<number, Live>();
  /** Jobs whose row could not be saved (a full disk): what this process knows of them wins over the catalog's. */
  private readonly unsaved = new Map<number, JobInfo>();
  private readonly waiting: Waiting[] = [];
  private readonly running = new Map<JobKind, number>();
  /** While the library is offline no queued job starts (running ones finish or fail on their own). */
  private paused = false;

  constructor(
    private readonly lib: Library,
    private concurrency = 1,
  ) {}

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  setConcurrency(n: number): void {
    this.concurrency = Math.max(1, n);
    this.pump();
  }

  /** Starts a job; resolves with its id at once. `done` settles when the job ends. */
  enqueue<T, K extends JobKind = JobKind>(spec: JobSpec<K, T>): { id: number; done: Promise<T> } {
    const row = insertJob(this.lib.sqlite, { kind: spec.kind, recordingId: spec.recordingId ?? null, stages: spec.stages ?? {}, payload: spec.payload ?? null });
    const info: JobInfoOf<K> = {
      id: row.id,
      kind: spec.kind,
      state: 'queued',
      title: spec.title,
      recordingId: spec.recordingId ?? null,
      progress: emptyProgress(),
      stages: spec.stages ?? {},
      summary: { title: spec.title } as JobSummary<K>,
      error: null,
      createdAt: row.createdAt,
      startedAt: null,
      finishedAt: null,
    };
    // JobInfoOf<K> is one member of the JobInfo union; TypeScript does not see it through the generic.
    const live: Live = { info: info as unknown as JobInfo, controller: new AbortController(), rateWindow: [], lastEmit: 0, settled: Promise.resolve() };
    this.live.set(row.id, live);
    this.persist(live.info);
    this.emit(live, true);
    const done = new Promise<T>((resolve, reject) => {
      this.waiting.push({
        id: row.id,
        kind: spec.kind,
        start: () => void this.execute(live, spec.run).then(resolve, reject),
        drop: () => {
          this.finish(live, 'cancelled', 'cancelled');
          reject(new CancelledError());
        },
      });
    });
    live.settled = done.catch(() => undefined);
    this.pump();
    return { id: row.id, done };
  }

  cancel(id: number): boolean {
    const live = this.live.get(id);
    if (!live || ['done', 'failed', 'cancelled'].includes(live.info.state)) return false;
    live.controller.abort(new CancelledError());
    // A job that has not started leaves the line at once instead of waiting for its turn to stop.
    const i = this.waiting.findIndex((w) => w.id === id);
    if (i >= 0) this.waiting.splice(i, 1)[0]?.drop();
    return true;
  }

  /** Resolves once every job (running or queued) has ended. */
  async idle(): Promise<void> {
    while (this.live.size) await Promise.all([...this.live.values()].map((l) => l.settled));
  }

  /** Cancels every live job; returns how many were. */
  cancelAll(): number {
    let n = 0;
    for (const id of [...this.live.keys()]) if (this.cancel(id)) n++;
    return n;
  }

  get(id: number): JobInfo | null {
    const live = this.live.get(id);
    if (live) return live.info;
    return this.unsaved.get(id) ?? getJob(this.lib.sqlite, id);
  }

  list(limit = 50): JobInfo[] {
    return listJobs(this.lib.sqlite, limit).map((j) => this.live.get(j.id)?.info ?? this.unsaved.get(j.id) ?? j);
  }

  /** Jobs queued or running in this process (the catalog may hold stale ones from a crash). */
  active(): JobInfo[] {
    return [...this.live.values()].filter((l) => l.info.state === 'running' || l.info.state === 'queued').map((l) => l.info);
  }

  activeCount(): number {
    return [...this.live.values()].filter((l) => l.info.state === 'running' || l.info.state === 'queued').length;
  }

  private pump(): void {
    // In order of arrival, start whatever may run beside what runs; a whole-library job (cleanup,
    // migration) that must wait holds back everything behind it, so it is never starved. Paused
    // (the library is not online), only scans run: a scan is how a person checks whether the files
    // came back, and it applies nothing while they have not.
    for (let i = 0; i < this.waiting.length; ) {
      const w = this.waiting[i]!;
      if (this.paused && w.kind !== 'scan') {
        i++;
        continue;
      }
      if (mayRunBeside(w.kind, this.running, this.concurrency)) {
        this.waiting.splice(i, 1);
        this.running.set(w.kind, (this.running.get(w.kind) ?? 0) + 1);
        w.start();
        continue;
      }
      if (w.kind === 'cleanup' || w.kind === 'migrate' || w.kind === 'relocate') break;
      i++;
    }
  }

  private async execute<T, K extends JobKind>(live: Live, run: (ctx: JobContext<K>) => Promise<T>): Promise<T> {
    const { info } = live;
    const log = this.lib.log.child({ jobId: info.id, recordingId: info.recordingId ?? undefined });
    const ctx: JobContext<K> = {
      id: info.id,
      signal: live.controller.signal,
      log,
      progress: (patch) => {
        if (patch.bytesDone !== undefined) this.trackRate(live, patch.bytesDone);
        Object.assign(info.progress, patch);
        this.emit(live, false);
      },
      stage: (name, stageInfo) => {
        info.stages = { ...info.stages, [name]: stageInfo };
        this.persist(info);
        this.emit(live, true);
      },
      summary: (patch) => {
        Object.assign(info.summary, patch);
      },
    };
    try {
      if (live.controller.signal.aborted) throw new CancelledError();
      info.state = 'running';
      info.startedAt = new Date().toISOString();
      this.persist(info);
      this.emit(live, true);
      log.info('job started', { kind: info.kind });
      const result = await run(ctx);
      this.finish(live, 'done', null);
      return result;
    } catch (err) {
      const cancelled = live.controller.signal.aborted || err instanceof CancelledError;
      const message = errorMessage(err);
      this.finish(live, cancelled ? 'cancelled' : 'failed', cancelled ? 'cancelled' : message);
      log[cancelled ? 'info' : 'error'](cancelled ? 'job cancelled' : 'job failed', { error: message });
      throw err;
    } finally {
      this.running.set(info.kind, (this.running.get(info.kind) ?? 1) - 1);
      this.pump();
    }
  }

  private finish(live: Live, state: JobState, error: string | null): void {
    const { info } = live;
    info.state = state;
    info.error = error;
    info.finishedAt = new Date().toISOString();
    info.progress.etaSec = state === 'done' ? 0 : null;
    this.persist(info);
    this.emit(live, true);
    this.live.delete(info.id);
  }

  private trackRate(live: Live, bytesDone: number): void {
    const now = Date.now();
    const w = live.rateWindow;
    w.push({ t: now, bytes: bytesDone });
    while (w.length > 2 && now - (w[0]?.t ?? now) > 5000) w.shift();
    const first = w[0];
    if (first && now > first.t) {
      const p = live.info.progress;
      p.rate = ((bytesDone - first.bytes) * 1000) / (now - first.t);
      p.etaSec = p.rate > 0 && p.bytesTotal > 0 ? Math.max(0, (p.bytesTotal - bytesDone) / p.rate) : null;
    }
  }

  private emit(live: Live, force: boolean): void {
    const now = Date.now();
    // Progress events are throttled: a renderer needs ~10 updates a second, not one per chunk.
    if (!force && now - live.lastEmit < 100) return;
    live.lastEmit = now;
    this.lib.events.emit('job:progress', structuredClone(live.info));
  }

  private persist(info: JobInfo): void {
    if (this.lib.readonly) return;
    try {
      saveJob(this.lib.sqlite, info);
      this.unsaved.delete(info.id);
    } catch (err) {
      // The job's row is its history, not its safety (journals are): on a full disk the job goes
      // on, or fails with its own reason, instead of with "database or disk is full".
      if ((err as { code?: string }).code !== 'SQLITE_FULL') throw err;
      if (!this.unsaved.has(info.id)) this.lib.log.warn('a job row was not saved: the disk is full', { jobId: info.id, state: info.state });
      this.unsaved.set(info.id, info);
    }
  }
}
