/**
 * Runs cleanup kinds on their schedule (settings.schedules: temp hourly, trash daily; expired and
 * orphans only when switched on), each as a job, and on demand. Last run, next run and results are
 * kept in the catalog's settings table so they survive restarts and travel with the library.
 *
 * A schedule is nobody's consent: it never runs a mass change (the refusal is recorded as the
 * run's result, for a person to look at), never moves unknown files in recording folders, and does
 * nothing while the library is not proven online.
 */
import { type CleanupResult, SCHEDULE_KINDS, type ScheduleEntry } from '@shared/channels/integrity';
import type { JobQueue } from '../jobs/queue';
import { checkAvailability } from '../catalog/availability';
import { readSettingText, writeSettingText } from '@core/catalog/repositories/settings/schedule';
import type { Library } from '../catalog/library';
import { errorMessage } from '@shared/errors';

type Task = ScheduleEntry['kind'];
const TASKS: readonly Task[] = SCHEDULE_KINDS;
const KEY = 'cleanup.schedule';
const HOUR_MS = 3_600_000;

type RunResult = NonNullable<ScheduleEntry['lastResult']>;

/** A run of one kind, started: its job, and a promise that settles once its result is recorded. */
export interface Started {
  id: number;
  done: Promise<void>;
}

function failed(err: unknown): RunResult {
  return { done: 0, skipped: 0, bytes: 0, needsConfirm: false, error: errorMessage(err), refused: null };
}

interface Stored {
  since: number;
  tasks: Partial<Record<Task, { lastRun: number; lastResult: RunResult }>>;
}

export class CleanupScheduler {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly busy = new Map<Task, Started>();

  constructor(
    private readonly lib: Library,
    private readonly queue: JobQueue,
    private readonly tickMs = 60_000,
  ) {}

  start(): void {
    if (this.timer || this.lib.readonly) return;
    this.read(); // fixes `since` on first start, so the first runs come one interval after it
    this.timer = setInterval(() => void this.tick(), this.tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  status(): ScheduleEntry[] {
    const s = this.read();
    const every = this.everyHours();
    const enabled = this.lib.settings().schedules.enabled;
    return TASKS.map((kind) => {
      const t = s.tasks[kind];
      const base = t?.lastRun ?? s.since;
      return {
        kind,
        enabled: enabled[kind],
        everyHours: every[kind],
        lastRun: t ? new Date(t.lastRun).toISOString() : null,
        nextRun: enabled[kind] ? new Date(base + every[kind] * HOUR_MS).toISOString() : null,
        lastResult: t?.lastResult ?? null,
      };
    });
  }

  async tick(now = Date.now()): Promise<void> {
    if (checkAvailability(this.lib).state !== 'online') return;
    for (const e of this.status()) if (e.nextRun !== null && Date.parse(e.nextRun) <= now) await this.runNow(e.kind).catch(() => undefined);
  }

  /**
   * Runs one kind now as a job (on its schedule, or "Run now"); resolves when it ends and its
   * result is recorded. It is the schedule's run either way: a mass change is refused and
   * recorded, unknown files are not moved.
   */
  async runNow(kind: Task): Promise<void> {
    await this.startRun(kind)?.done;
  }

  /**
   * Starts one kind's run as a job and answers at once: with that job, with the one already
   * running for the kind, or null when the library is not online (the queue is paused and a run
   * would refuse anyway; nothing is queued or recorded). `done` never rejects: a failure is the
   * run's recorded result.
   */
  startRun(kind: Task): Started | null {
    const running = this.busy.get(kind);
    if (running) return running;
    if (checkAvailability(this.lib).state !== 'online') return null;
    let recorded = false;
    const job = this.queue.enqueue({
      kind: 'cleanup',
      title: `Scheduled cleanup: ${kind}`,
      payload: { kinds: [kind], scheduled: true },
      run: async (ctx) => {
        try {
          // Loaded when a cleanup runs, not when the library opens (start-up, issue 13).
          const { applyCleanup } = await import('../cleanup/apply');
          const res = await applyCleanup(this.lib, [kind], { scheduled: true, signal: ctx.signal, onProgress: ctx.progress });
          ctx.summary({ done: res.done.length, skipped: res.skipped, needsConfirm: res.needsConfirm ?? false, refused: res.massReason ?? null });
          // Recorded before the job ends, so whoever hears of its end reads the schedule with it.
          this.record(kind, this.resultOf(kind, res));
          return res;
        } catch (err) {
          this.record(kind, failed(err));
          throw err;
        } finally {
          recorded = true;
        }
      },
    });
    const done = job.done
      .then(
        () => undefined,
        // Cancelled before it started: its run never recorded anything.
        (err: unknown) => (recorded ? undefined : this.record(kind, failed(err))),
      )
      .finally(() => this.busy.delete(kind));
    const started = { id: job.id, done };
    this.busy.set(kind, started);
    return started;
  }

  private resultOf(kind: Task, res: CleanupResult): RunResult {
    const refused = res.needsConfirm ? `nothing was done: ${res.massReason ?? 'a mass change'}; run it from Cleanup and confirm it there` : null;
    if (refused) this.lib.log.warn('a scheduled cleanup was refused as a mass change', { kind, reason: res.massReason ?? null });
    return { done: res.done.length, skipped: res.skipped.length, bytes: res.done.reduce((a, i) => a + i.bytes, 0), needsConfirm: res.needsConfirm ?? false, error: null, refused };
  }

  private record(kind: Task, result: RunResult): void {
    // Nothing is written to a catalog whose library is not there (offline changes nothing).
    if (checkAvailability(this.lib).state !== 'online') return;
    const s = this.read();
    s.tasks[kind] = { lastRun: Date.now(), lastResult: result };
    this.write(s);
  }

  private everyHours(): Record<Task, number> {
    const sch = this.lib.settings().schedules;
    return { temp: sch.tempHours, expired: sch.expiredHours, trash: sch.trashHours, orphans: sch.orphansHours };
  }

  private read(): Stored {
    const text = readSettingText(this.lib.sqlite, KEY);
    if (text !== null) {
      try {
        return JSON.parse(text) as Stored;
      } catch {
        // a damaged entry is replaced below
      }
    }
    const fresh: Stored = { since: Date.now(), tasks: {} };
    if (!this.lib.readonly && checkAvailability(this.lib).state === 'online') this.write(fresh);
    return fresh;
  }

  private write(s: Stored): void {
    writeSettingText(this.lib.sqlite, KEY, JSON.stringify(s));
  }
}
