/**
 * Waits for entries to stop changing: an entry is ready once its signature (size, mtime, file
 * count) has not changed for the whole stability window. Every observed change restarts the wait,
 * so a recording written in chunks is never taken half-way.
 */
import { sameSignature, type Signature } from './entries';

interface Pending {
  sig: Signature;
  since: number;
}

export type Observation = { kind: 'changed'; sig: Signature; first: boolean } | { kind: 'ready'; sig: Signature } | { kind: 'gone' } | { kind: 'waiting' };

export class StabilityTracker {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly stableMs: () => number) {}

  get size(): number {
    return this.pending.size;
  }

  names(): string[] {
    return [...this.pending.keys()];
  }

  has(name: string): boolean {
    return this.pending.has(name);
  }

  forget(name: string): void {
    this.pending.delete(name);
  }

  clear(): void {
    this.pending.clear();
  }

  /** Notes what the entry looks like now and says whether it has held still long enough. */
  observe(name: string, sig: Signature | null, now: number): Observation {
    const p = this.pending.get(name);
    if (!sig) {
      this.pending.delete(name);
      return { kind: 'gone' };
    }
    if (!p || !sameSignature(p.sig, sig)) {
      this.pending.set(name, { sig, since: now });
      return { kind: 'changed', sig, first: !p };
    }
    if (now - p.since >= this.stableMs()) {
      this.pending.delete(name);
      return { kind: 'ready', sig };
    }
    return { kind: 'waiting' };
  }
}
