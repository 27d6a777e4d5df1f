/**
 * Watches whether the library root is reachable (an unplugged disk, a renamed folder). Offline:
 * nothing is changed, jobs pause, the UI shows a banner; online again: everything resumes on its own.
 */
import type { Library } from './library';

export class RootMonitor {
  private timer: ReturnType<typeof setInterval> | null = null;
  private online: boolean;

  constructor(
    private readonly lib: Library,
    private readonly onChange: (state: 'online' | 'offline') => void,
    private readonly intervalMs = 2000,
  ) {
    this.online = lib.isOnline();
  }

  get state(): 'online' | 'offline' {
    return this.online ? 'online' : 'offline';
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.timer.unref();
  }

  /** Checks now (also used by tests and before risky work). */
  check(): 'online' | 'offline' {
    const now = this.lib.isOnline();
    if (now !== this.online) {
      this.online = now;
      this.lib.log.warn(now ? 'library back online' : 'library offline', { root: this.lib.root });
      this.onChange(this.state);
    }
    return this.state;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
