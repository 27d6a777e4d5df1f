/**
 * Fault injection for crash tests: when RECLIB_FAULT_AT names a point, the process kills itself
 * there with SIGKILL, exactly as a power cut or `kill -9` would, with no cleanup of any kind.
 * RECLIB_FAULT_SKIP lets a test kill at the Nth time a point is passed.
 */
const counts = new Map<string, number>();

export function faultPoint(name: string): void {
  const target = process.env.RECLIB_FAULT_AT;
  if (target === undefined || target !== name) return;
  const seen = (counts.get(name) ?? 0) + 1;
  counts.set(name, seen);
  const skip = Number(process.env.RECLIB_FAULT_SKIP ?? '0');
  if (seen > skip) process.kill(process.pid, 'SIGKILL');
}
