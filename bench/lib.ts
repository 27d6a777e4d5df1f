/** Small helpers for benchmarks: medians over repeated runs, and a ratio against a baseline. */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export async function median(runs: number, fn: () => Promise<unknown> | unknown, setup?: () => Promise<void> | void): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await setup?.();
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const mid = Math.floor(times.length / 2);
  return times.length % 2 ? times[mid]! : (times[mid - 1]! + times[mid]!) / 2;
}

export function sh(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
}

export interface Row {
  name: string;
  oursMs: number;
  baselineName?: string;
  baselineMs?: number;
  target?: string;
  note?: string;
}

export function report(rows: Row[]): void {
  for (const r of rows) {
    const ratio = r.baselineMs ? r.oursMs / r.baselineMs : null;
    const parts = [
      `${r.name}: ours ${r.oursMs.toFixed(1)} ms (median)`,
      r.baselineMs !== undefined ? `${r.baselineName} ${r.baselineMs.toFixed(1)} ms` : null,
      ratio !== null ? `ratio ${ratio.toFixed(2)}` : null,
      r.target ? `target ${r.target}` : null,
      r.note ?? null,
    ].filter(Boolean);
    console.log(parts.join(' | '));
  }
}
