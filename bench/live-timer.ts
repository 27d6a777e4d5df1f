/**
 * Times commands that do not end on their own (`reclib serve`, the core host) from their spawn until
 * they are ready, against a baseline timed the same way from its spawn until it exits. Run by
 * `ababLive` in measure.ts (one process per row, all runs inside): the spec comes as JSON in argv[2],
 * the samples go out as JSON on stdout. Timing here, in-process, is what lets a run end at "ready"
 * instead of at an exit the command never makes by itself.
 *
 * CPU of a live command is the user + system time of its whole process tree (read from /proc at the
 * moment it is ready); its memory is the sum of the peak RSS (VmHWM) of that tree. A command that
 * exits is run under /usr/bin/time for its CPU and peak RSS (its wall-clock is still ours: spawn
 * to exit, /usr/bin/time's own exec included, about a millisecond).
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

/** How a live run knows it is ready. */
export type Until =
  /** A line on stdout matches `pattern`; with `get`, its first group is a URL that must answer 200 to one GET. */
  | { kind: 'line'; pattern: string; get?: boolean }
  /** A forked Node module (the core host) reports { t: 'status', status: { phase: 'ready' } } over IPC; `library` is the state it must report. */
  | { kind: 'host-ready'; library?: string }
  /** The command exits with code 0 (the baseline). */
  | { kind: 'exit' };

export interface LiveStep {
  label: string;
  /** For 'host-ready': [module, ...args] run with child_process.fork; otherwise an argv to spawn. */
  argv: string[];
  env?: Record<string, string>;
  until: Until;
}

export interface LiveSpec {
  runs: number;
  warm: boolean;
  ours: LiveStep;
  baseline: LiveStep;
}

export interface LiveSample {
  wallMs: number;
  cpuMs: number;
  rssKb: number;
}

const TICK_MS = 10; // sysconf(_SC_CLK_TCK) is 100 on Linux

function descendants(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${out[i]}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of fs.readFileSync(`/proc/${out[i]}/task/${t}/children`, 'utf8').trim().split(/\s+/)) if (c) out.push(Number(c));
      } catch {
        // The task ended meanwhile.
      }
    }
  }
  return out;
}

/** CPU (ms) and summed peak RSS (KiB) of a live process tree. */
function treeUsage(pid: number): { cpuMs: number; rssKb: number } {
  let ticks = 0;
  let rssKb = 0;
  for (const p of descendants(pid)) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const stat = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
      rssKb += Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return { cpuMs: ticks * TICK_MS, rssKb };
}

function getOk(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`GET ${url.replace(/token=[^&]*/, 'token=…')} answered ${res.statusCode}`))));
      })
      .on('error', reject);
  });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

async function runExit(step: LiveStep): Promise<LiveSample> {
  const out = path.join(os.tmpdir(), `reclib-live-time-${process.pid}.txt`);
  const t0 = performance.now();
  const child = spawn('/usr/bin/time', ['-f', '%U %S %M', '-o', out, '--', ...step.argv], { env: { ...process.env, ...step.env }, stdio: 'ignore' });
  const { code } = await exited(child);
  const wallMs = performance.now() - t0;
  if (code !== 0) throw new Error(`${step.label} exited with ${code}`);
  const [u, s, m] = fs.readFileSync(out, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  fs.rmSync(out, { force: true });
  return { wallMs, cpuMs: (u! + s!) * 1000, rssKb: m! };
}

async function runLive(step: LiveStep): Promise<LiveSample> {
  const env = { ...process.env, ...step.env };
  const until = step.until;
  const t0 = performance.now();
  let child: ChildProcess;
  let ready: Promise<void>;
  let stderr = '';
  if (until.kind === 'host-ready') {
    const [entry, ...args] = step.argv;
    child = fork(entry!, args, { env, execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    ready = new Promise((resolve, reject) => {
      child.on('message', (m: { t?: string; status?: { phase?: string; library?: string } }) => {
        if (m.t !== 'status' || m.status?.phase !== 'ready') return;
        if (until.library !== undefined && m.status.library !== until.library) reject(new Error(`${step.label} was ready with library ${m.status.library}`));
        else resolve();
      });
    });
  } else {
    if (until.kind !== 'line') throw new Error('unreachable');
    child = spawn(step.argv[0]!, step.argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const re = new RegExp(until.pattern);
    ready = new Promise((resolve, reject) => {
      let buf = '';
      const onData = (d: Buffer) => {
        buf += d.toString('utf8');
        const m = re.exec(buf);
        if (!m) return;
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        if (until.get) getOk(m[1]!).then(resolve, reject);
        else resolve();
      };
      child.stdout!.on('data', onData);
    });
  }
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-4000)));
  const gone = exited(child);
  await Promise.race([
    ready,
    gone.then(({ code, signal }) => {
      throw new Error(`${step.label} ended before it was ready (code ${code}, signal ${signal}): ${stderr}`);
    }),
  ]);
  const wallMs = performance.now() - t0;
  const usage = treeUsage(child.pid!);
  // Untimed: stop it the way a person would (the host: its parent leaves; serve: SIGTERM) and wait until it is gone.
  if (until.kind === 'host-ready') child.disconnect();
  else child.kill('SIGTERM');
  const { code, signal } = await gone;
  if (code !== 0) throw new Error(`${step.label} did not stop cleanly (code ${code}, signal ${signal}): ${stderr}`);
  return { wallMs, ...usage };
}

const run = (step: LiveStep) => (step.until.kind === 'exit' ? runExit(step) : runLive(step));

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]!) as LiveSpec;
  if (spec.warm) {
    await run(spec.baseline);
    await run(spec.ours);
  }
  const ours: LiveSample[] = [];
  const baseline: LiveSample[] = [];
  const loads: number[] = [];
  for (let i = 0; i < spec.runs; i++) {
    loads.push(os.loadavg()[0] ?? 0);
    baseline.push(await run(spec.baseline));
    ours.push(await run(spec.ours));
  }
  process.stdout.write(JSON.stringify({ ours, baseline, loads }) + '\n');
}

await main();
