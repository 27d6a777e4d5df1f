/** A small seeded PRNG (mulberry32): every random choice of a trial comes from it, so a seed replays the trial. */
export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Up to n distinct items, in random order. */
  some<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, Math.max(0, n));
  }

  /** One of the entries, with chances proportional to their weights (entries of weight 0 never). */
  weighted<T>(entries: readonly { item: T; weight: number }[]): T | null {
    const total = entries.reduce((a, e) => a + Math.max(0, e.weight), 0);
    if (total <= 0) return null;
    let x = this.next() * total;
    for (const e of entries) {
      x -= Math.max(0, e.weight);
      if (x < 0) return e.item;
    }
    return entries.filter((e) => e.weight > 0).at(-1)!.item;
  }

  /** A short random token of lowercase letters and digits. */
  token(n: number): string {
    const abc = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < n; i++) s += abc[Math.floor(this.next() * abc.length)];
    return s;
  }
}
