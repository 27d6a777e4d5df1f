/**
 * Watches whether the library's files are there (an unplugged disk, a renamed folder, a share that
 * dropped, one profile's folder gone): the evidence of identity.ts, checked every few seconds.
 * Not online: nothing is changed, jobs pause, the UI shows a banner; online again: everything
 * resumes on its own.
 */
import { type Availability, checkAvailability } from '@core/catalog/availability';
import type { Library } from '@core/catalog/library';
import { errorMessage } from '@shared/errors';

export class RootMonitor {
  private timer: ReturnType<typeof setInterval> | null = null;
  private current: Availability;

  constructor(
    private readonly lib: Library,
    private readonly onChange: (a: Availability) => void,
    private readonly intervalMs = 2000,
  ) {
    this.current = checkAvailability(lib);
  }

  /** The last checked state. */
  get state(): Availability {
    return this.current;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.timer.unref();
  }

  /** Checks now (also used by tests and before risky work). */
  check(): Availability {
    let now: Availability;
    try {
      now = checkAvailability(this.lib);
    } catch (err) {
      // A catalog that cannot even be read is no evidence of anything.
      now = { state: 'offline', reason: `the catalog cannot be read (${errorMessage(err)})` };
    }
    if (now.state !== this.current.state || now.reason !== this.current.reason) {
      const was = this.current;
      this.current = now;
      if (now.state === 'online') this.lib.log.warn('library back online', { root: this.lib.root, was: was.state });
      else this.lib.log.warn(`library ${now.state}`, { root: this.lib.root, reason: now.reason });
      this.onChange(now);
    }
    return now;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
