/**
 * The outside programs the engines run, found without asking Electron or the media room:
 * PATH lookups and ffmpeg (both as core/tools/binaries finds them; the stage may pass its own ffmpeg),
 * and child processes that die with their whole group when a job is cancelled.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { executable, ffmpegCandidates, firstExecutable } from '../tools/binaries';
import { cancelReason } from './engine';

export { findOnPath } from '../tools/binaries';

/** ffmpeg from an explicit path, else where the media stages find it (FFMPEG_BIN, ffmpeg-static, PATH); null when there is none. */
export function resolveFfmpeg(env: NodeJS.ProcessEnv = process.env, explicit?: string): string | null {
  if (explicit) return executable(explicit) ? explicit : null;
  return firstExecutable(ffmpegCandidates(env));
}

export const FFMPEG_HOW_TO_FIX = 'Install FFmpeg (for example `sudo apt install ffmpeg`) or set FFMPEG_BIN to its path.';

/** Kills a child and everything it started (its process group, where groups exist). */
export function killTree(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

export interface SpawnedTool {
  child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) once the child is gone; never rejects. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last few KB of stderr, for a plain error message. */
  stderrTail(): string;
  /** Everything the tool wrote to stdout, when `captureStdout` was set. */
  stdout(): string;
}

const TAIL = 8192;

/**
 * Starts a tool in its own process group. When `signal` aborts, the group gets SIGKILL; callers
 * await `exit` before they remove the files the tool was using, so nothing writes after cleanup.
 */
export function spawnTool(bin: string, args: string[], opts: { signal?: AbortSignal; captureStdout?: boolean; env?: NodeJS.ProcessEnv; onStderr?: (text: string) => void } = {}): SpawnedTool {
  const child = spawn(bin, args, {
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
    env: opts.env ?? process.env,
  });
  let err = '';
  let out = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (c: string) => {
    err += c;
    opts.onStderr?.(c);
    if (err.length > TAIL * 2) err = err.slice(-TAIL);
  });
  if (opts.captureStdout) {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (c: string) => {
      out += c;
    });
  }
  const kill = () => killTree(child);
  opts.signal?.addEventListener('abort', kill, { once: true });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    let spawnError: Error | null = null;
    child.once('error', (e) => {
      spawnError = e;
      err += `\n${e.message}`;
    });
    child.once('close', (code, sig) => {
      opts.signal?.removeEventListener('abort', kill);
      resolve(spawnError ? { code: code ?? -1, signal: sig } : { code, signal: sig });
    });
  });
  if (opts.signal?.aborted) kill();
  return { child, exit, stderrTail: () => err.slice(-TAIL), stdout: () => out };
}

/** Runs a tool to the end; rejects with the cancel reason when the signal aborted it. */
export async function runTool(bin: string, args: string[], opts: { signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const t = spawnTool(bin, args, { ...opts, captureStdout: true });
  const res = await t.exit;
  if (opts.signal?.aborted) throw cancelReason(opts.signal);
  return { ...res, stdout: t.stdout(), stderr: t.stderrTail() };
}
