/**
 * Our own writes, announced before they happen, so the watcher does not treat them as outside
 * changes while they are under way. Entries expire on their own: a write that never produced an
 * event leaves nothing behind. An event on an announced path is put off until the announcement
 * ends, never dropped (OwnWrites): a person may change the same file a moment after our write.
 */
const TTL_MS = 10_000;
const expected = new Map<string, number>();

export function expectWrite(absPath: string, ttlMs = TTL_MS): void {
  expected.set(absPath, Date.now() + ttlMs);
}

export function isExpectedWrite(absPath: string): boolean {
  const until = expected.get(absPath);
  if (until === undefined) return false;
  if (until < Date.now()) {
    expected.delete(absPath);
    return false;
  }
  return true;
}

/** When the announcement for `absPath` ends (ms since the epoch); null when it is not announced. */
export function expectedUntil(absPath: string): number | null {
  return isExpectedWrite(absPath) ? expected.get(absPath)! : null;
}

/**
 * A watcher's events on announced paths, held until the announcement ends and then sent again: our
 * own write is then found registered as it is (nothing to do), and a person's change made in the
 * meantime (a word fixed in a subtitles file just attached) is found changed, not lost.
 */
export class OwnWrites {
  private readonly held = new Map<string, NodeJS.Timeout>();

  /** true: the event on `absPath` waits, and `again` runs once the path is no longer announced. */
  hold(absPath: string, again: () => void): boolean {
    const until = expectedUntil(absPath);
    if (until === null) return false;
    if (!this.held.has(absPath)) {
      const timer = setTimeout(() => {
        this.held.delete(absPath);
        again();
      }, until - Date.now() + 50);
      timer.unref();
      this.held.set(absPath, timer);
    }
    return true;
  }

  clear(): void {
    for (const timer of this.held.values()) clearTimeout(timer);
    this.held.clear();
  }
}
