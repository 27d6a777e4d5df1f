/**
 * Measuring whole commands the way a person meets them: each run is a child process (start-up
 * included), timed by /usr/bin/time for wall-clock and CPU (user + system, children included).
 * Ours and the baseline alternate (A B A B ...), so a busy neighbour slows both alike; every side
 * reports min / median / max.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LiveSpec, LiveStep } from './live-timer';

export interface Sample {
  wallMs: number;
  cpuMs: number;
  rssKb: number;
}

export interface Step {
  /** What the row calls this side ("reclib import", "cp + sync + xxhsum -H3"). */
  label: string;
  /** argv of the command; a shell pipeline is ['sh', '-c', '...']. */
  argv: string[];
  env?: NodeJS.ProcessEnv;
  /** Runs before each timed run, untimed (clear the destination, make a fresh library). */
  before?: () => void;
  /** Runs after each timed run, untimed (check the result, remove the copy). */
  after?: (stdout: string) => void;
}

export interface Stats {
  min: number;
  median: number;
  max: number;
}

export interface Side {
  label: string;
  wall: Stats;
  cpu: Stats;
  rssKb: number;
}

export interface Row {
  suite: string;
  name: string;
  /** 'target': a goal of issue 13 judged by `ratio`; 'diagnostic': shown for understanding only. */
  kind: 'target' | 'diagnostic';
  ours: Side;
  baseline?: Side;
  /** The goal as a ratio of medians ours / baseline (wall-clock), e.g. 3 for "< 3x". */
  goal?: number;
  /** Compared with `goal` ("<=" unless said otherwise). */
  goalText?: string;
  /** An absolute goal for rows with no baseline (first paint): the median wall-clock must stay under it. */
  goalMs?: number;
  /** The load average (1 min) when the row was measured. */
  load: number;
  runs: number;
  note?: string;
}

const TIME = '/usr/bin/time';

export function stats(xs: number[]): Stats {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return { min: s[0] ?? NaN, median: s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, max: s[s.length - 1] ?? NaN };
}

export function load1(): number {
  return os.loadavg()[0] ?? 0;
}

/** One timed run of a command; throws with its stderr when it fails. */
export function runOnce(step: Step): { sample: Sample; stdout: string } {
  const out = path.join(os.tmpdir(), `reclib-bench-time-${process.pid}.txt`);
  step.before?.();
  const r = spawnSync(TIME, ['-f', '%e %U %S %M', '-o', out, '--', ...step.argv], {
    env: step.env ?? process.env,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${step.label} failed (exit ${r.status}): ${(r.stderr || '').slice(-2000)}`);
  const [e, u, s, m] = fs.readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  fs.rmSync(out, { force: true });
  step.after?.(r.stdout);
  return { sample: { wallMs: e! * 1000, cpuMs: (u! + s!) * 1000, rssKb: m! }, stdout: r.stdout };
}

/** One side of a row from its samples (for rows timed in-process, e.g. in a browser page). */
export function side(label: string, samples: Sample[]): Side {
  return {
    label,
    wall: stats(samples.map((x) => x.wallMs)),
    cpu: stats(samples.map((x) => x.cpuMs)),
    rssKb: Math.max(...samples.map((x) => x.rssKb)),
  };
}

/** Ours and the baseline in turn, `runs` times each (after one untimed warm-up of each). */
export function abab(runs: number, ours: Step, baseline?: Step, warm = true): { ours: Side; baseline?: Side; load: number } {
  const loads: number[] = [];
  if (warm) {
    if (baseline) runOnce(baseline);
    runOnce(ours);
  }
  const a: Sample[] = [];
  const b: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    loads.push(load1());
    if (baseline) b.push(runOnce(baseline).sample);
    a.push(runOnce(ours).sample);
  }
  return { ours: side(ours.label, a), baseline: baseline ? side(baseline.label, b) : undefined, load: stats(loads).median };
}

const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);
const trio = (s: Stats) => `${ms(s.min)} / **${ms(s.median)}** / ${ms(s.max)}`;

export function ratio(r: Row): number | null {
  return r.baseline ? r.ours.wall.median / r.baseline.wall.median : null;
}

export function verdict(r: Row): string {
  if (r.kind === 'target' && r.goalMs !== undefined) return r.ours.wall.median < r.goalMs ? 'met' : 'NOT met';
  const q = ratio(r);
  if (r.kind === 'diagnostic' || q === null || r.goal === undefined) return 'diagnostic';
  return q <= r.goal ? 'met' : 'NOT met';
}

function goalCell(r: Row): string {
  if (r.goalMs !== undefined) return `< ${ms(r.goalMs)}: ${verdict(r)}`;
  return r.goal !== undefined ? `${r.goalText ?? `<= ${r.goal}`}: ${verdict(r)}` : '—';
}

export function printRow(r: Row): void {
  const q = ratio(r);
  const parts = [
    `[${r.kind}] ${r.name}`,
    `ours ${trio(r.ours.wall)} (cpu ${ms(r.ours.cpu.median)})`.replace(/\*\*/g, ''),
    r.baseline ? `${r.baseline.label} ${trio(r.baseline.wall)} (cpu ${ms(r.baseline.cpu.median)})`.replace(/\*\*/g, '') : null,
    q !== null ? `ratio ${q.toFixed(2)}` : null,
    goalCell(r) === '—' ? null : `goal ${goalCell(r)}`,
    `load ${r.load.toFixed(1)}`,
  ].filter(Boolean);
  console.log(parts.join(' | '));
  if (r.note) console.log(`    ${r.note}`);
}

/** bench/results.md: every row of this run with the machine and load it ran on. */
export function resultsMarkdown(rows: Row[], meta: { startedAt: Date; seconds: number; args: string[] }): string {
  const cpus = os.cpus();
  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${meta.args.length ? ` -- ${meta.args.join(' ')}` : ''}\` on ${meta.startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC ` +
      `in ${Math.round(meta.seconds)} s. Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `Node ${process.version}, ${os.type()} ${os.release()}.`,
    '',
    'Every row runs whole commands as child processes (start-up included), ours and the baseline in turn',
    '(A B A B ...), after one untimed warm-up of each. Times are min / **median** / max wall-clock; CPU is the',
    'median user + system time of the command and its children. The ratio is median ours / median baseline.',
    'Load is the 1-minute load average while the row ran (this machine is shared: figures are noisy).',
    'Rows marked *diagnostic* are shown for understanding and are not goals.',
    '',
    '| Row | Kind | Ours (wall) | Ours CPU | Baseline | Baseline (wall) | Baseline CPU | Ratio | Goal | Load | Runs |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const q = ratio(r);
    lines.push(
      `| ${r.name} | ${r.kind} | ${trio(r.ours.wall)} | ${ms(r.ours.cpu.median)} | ${r.baseline?.label ?? '—'} | ${r.baseline ? trio(r.baseline.wall) : '—'} | ` +
        `${r.baseline ? ms(r.baseline.cpu.median) : '—'} | ${q !== null ? q.toFixed(2) : '—'} | ${goalCell(r)} | ` +
        `${r.load.toFixed(1)} | ${r.runs} |`,
    );
  }
  const notes = rows.filter((r) => r.note);
  if (notes.length) {
    lines.push('', '## Notes', '');
    for (const r of notes) lines.push(`- **${r.name}**: ${r.note}`);
  }
  return lines.join('\n') + '\n';
}

/** The built CLI, run the way `reclib` runs it. */
export function reclibArgv(...args: string[]): string[] {
  return [process.execPath, path.resolve(import.meta.dirname, '..', 'bin', 'reclib.js'), ...args];
}

/**
 * Ours and the baseline in turn (A B A B ...), each run timed from its spawn until it is *ready*
 * (a line on stdout, an answered GET, the core host's "ready") rather than until it exits: for
 * commands that run until stopped (`reclib serve`, the host). The runs happen in bench/live-timer.ts,
 * one process per row, timed in-process on both sides; see that file for how CPU and memory are read.
 */
export function ababLive(runs: number, ours: LiveStep, baseline: LiveStep, warm = true): { ours: Side; baseline: Side; load: number } {
  const timer = path.resolve(import.meta.dirname, 'live-timer.ts');
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const r = spawnSync(process.execPath, ['--import', tsx, timer, JSON.stringify({ runs, warm, ours, baseline } satisfies LiveSpec)], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${ours.label} vs ${baseline.label} failed (exit ${r.status}): ${(r.stderr || '').slice(-2000)}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ours: Sample[]; baseline: Sample[]; loads: number[] };
  return { ours: side(ours.label, out.ours), baseline: side(baseline.label, out.baseline), load: stats(out.loads).median };
}

/**
 * The baseline of copying a folder tree: `cp` with `cpFlags`, one flush of the destination's
 * filesystem, then xxhsum of every file on both sides (what a verified copy proves).
 */
export function treeCopyBaseline(label: string, cpFlags: string, src: string, dest: string, before: () => void): Step {
  const hashAll = 'find . -type f -print0 | xargs -0 -r xxhsum -H3 >/dev/null';
  return {
    label,
    argv: ['sh', '-c', `cp ${cpFlags} -- "$1" "$2" && sync -f "$2" && (cd "$1" && ${hashAll}) && (cd "$2" && ${hashAll})`, 'sh', src, dest],
    before,
  };
}
