/**
 * Runs one CLI command the way a person's shell does, and kills it on purpose: either the process
 * kills itself at a named fault point (RECLIB_FAULT_AT / RECLIB_FAULT_SKIP, see
 * src-main/core/storage/faults.ts) or we SIGKILL it right after its Nth line on stderr (progress
 * lines), so the kill lands while it works, never by a sleep that may end before the first write.
 */
import { spawn } from 'node:child_process';

export type Aim = { kind: 'fault'; point: string; skip: number } | { kind: 'progress'; line: number; delayMs: number };

export interface CliTarget {
  /** How the CLI was started (bundled, built, source), for the report. */
  label: string;
  command: string;
  prefix: string[];
}

export interface CliRun {
  args: string[];
  aim: Aim | null;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Who ended it early: its own fault point, our kill after a progress line, or the hang guard. */
  killed: 'fault' | 'progress' | 'hang' | 'stopped' | null;
  stdout: string;
  stderr: string;
  stderrLines: number;
}

export function describeAim(aim: Aim | null): string {
  if (!aim) return '';
  return aim.kind === 'fault' ? `kill at ${aim.point}${aim.skip ? ` (pass ${aim.skip + 1})` : ''}` : `kill after stderr line ${aim.line}${aim.delayMs ? ` +${aim.delayMs} ms` : ''}`;
}

/** The process we are running now, so an interrupted harness can end it before it cleans up. */
let current: import('node:child_process').ChildProcess | null = null;
let stopping = false;

/** Ctrl-C: the running command is ended and the trial stops where it is (it is not counted). */
export function stopRun(): void {
  stopping = true;
  if (current?.pid !== undefined && current.exitCode === null && current.signalCode === null) current.kill('SIGKILL');
}

export function stopRequested(): boolean {
  return stopping;
}

export function runCli(target: CliTarget, args: string[], opts: { env: NodeJS.ProcessEnv; aim: Aim | null; hangMs: number; cwd: string }): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...opts.env };
  delete env.RECLIB_FAULT_AT;
  delete env.RECLIB_FAULT_SKIP;
  if (opts.aim?.kind === 'fault') {
    env.RECLIB_FAULT_AT = opts.aim.point;
    env.RECLIB_FAULT_SKIP = String(opts.aim.skip);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(target.command, [...target.prefix, ...args], { env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    current = child;
    let stdout = '';
    let stderr = '';
    let lines = 0;
    let sent: 'progress' | 'hang' | null = null;
    let settled = false;
    const kill = (why: 'progress' | 'hang') => {
      if (sent || child.exitCode !== null || child.signalCode !== null) return;
      sent = why;
      child.kill('SIGKILL');
    };
    const hang = setTimeout(() => kill('hang'), opts.hangMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const before = lines;
      lines += d.split('\n').length - 1;
      const aim = opts.aim;
      if (aim?.kind === 'progress' && before < aim.line && lines >= aim.line) {
        if (aim.delayMs > 0) setTimeout(() => kill('progress'), aim.delayMs);
        else kill('progress');
      }
    });
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(hang);
      current = null;
      const killed = stopping ? 'stopped' : (sent ?? (signal === 'SIGKILL' && opts.aim?.kind === 'fault' ? 'fault' : null));
      resolve({ args, aim: opts.aim, code, signal, killed, stdout, stderr, stderrLines: lines });
    };
    child.on('error', (err) => {
      clearTimeout(hang);
      current = null;
      if (!settled) {
        settled = true;
        reject(err);
      }
    });
    child.on('close', finish);
    // A child of the CLI that outlives it could hold the pipes open: do not wait for them forever.
    child.on('exit', (code, signal) => {
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code, signal);
      }, 2000).unref();
    });
  });
}

/** The JSON document a command printed on stdout, when it printed one. */
export function jsonOf<T>(run: CliRun): T | null {
  if (run.killed || run.code === null) return null;
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    return null;
  }
}

/** The first line of what the command said went wrong. */
export function errorLine(run: CliRun): string {
  const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
  const last = lines.findLast((l) => l.startsWith('{"error"') || l.startsWith('reclib:')) ?? lines.at(-1) ?? '';
  try {
    const parsed = JSON.parse(last) as { error?: string };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // plain text
  }
  return last.replace(/^reclib: /, '');
}
