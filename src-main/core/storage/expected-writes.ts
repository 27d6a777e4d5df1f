/**
 * Our own writes, announced before they happen, so the watcher does not treat them as outside
 * changes. Entries expire on their own: a write that never produced an event leaves nothing behind.
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
