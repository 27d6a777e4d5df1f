/**
 * One writer per library. The lock is a small JSON file in the library root naming its holder;
 * a lock whose process is gone (same host, dead pid) is taken over, anything else is refused
 * with a message that says who holds it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LibraryReadOnlyError, readOnlyReason } from '../storage/writable';
import { errorMessage } from '@shared/errors';

export interface LockHolder {
  pid: number;
  host: string;
  owner: string;
  since: string;
}

export class LockedError extends Error {
  override name = 'LockedError';
  constructor(readonly holder: LockHolder) {
    super(
      `The library is being changed by ${holder.owner} (pid ${holder.pid} on ${holder.host}, since ${holder.since}). ` +
        'Close it there, or wait until it finishes, then try again.',
    );
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !exited(pid);
}

/**
 * A process that has exited but that its parent has not reaped yet (a zombie, Linux) still answers
 * kill(0), but it holds nothing: killed with SIGKILL under a parent slow to wait, it kept the next
 * command out for seconds. Elsewhere (no /proc) a process that answers is taken as alive.
 */
function exited(pid: number): boolean {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (comm) state ...": the name may hold spaces and parentheses, the state follows the last ")".
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X';
}

function readHolder(file: string): LockHolder | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return null; // vanished, or a torn write from a killed process: treat as stale
  }
}

function recentlyWritten(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 2000;
  } catch {
    return false;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface WriterLock {
  release(): void;
}

const same = (a: LockHolder | null, b: LockHolder | null) => (a === null ? b === null : b !== null && a.pid === b.pid && a.host === b.host && a.since === b.since);

/**
 * Removes a stale lock without ever removing a fresh one: two processes may judge the same dead
 * holder stale at once, and the slower must not delete the lock the faster has just taken. The
 * lock is renamed aside first (atomic), and put back if it turns out not to be the stale one.
 */
export function takeOverStale(file: string, judged: LockHolder | null): void {
  const aside = `${file}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    fs.renameSync(file, aside);
  } catch {
    return; // someone else moved it first; look again
  }
  const moved = readHolder(aside);
  if (!same(moved, judged)) {
    try {
      fs.linkSync(aside, file); // put the live lock back (fails only if yet another lock exists)
    } catch {
      // a newer lock is in place; the moved one is not ours to keep
    }
  }
  fs.rmSync(aside, { force: true });
}

/** The library's disk has no room even for the lock file: said in words, with what to do. */
export class DiskFullError extends Error {
  override name = 'DiskFullError';
  constructor(readonly root: string) {
    super(`The library's disk is full: there is no room even for the library's lock file in ${root}. Free some space on that disk and try again; nothing was changed.`);
  }
}

const isDiskFull = (err: unknown) => ['ENOSPC', 'EDQUOT'].includes((err as NodeJS.ErrnoException | undefined)?.code ?? '');

export function acquireWriterLock(file: string, owner: string): WriterLock {
  const me: LockHolder = { pid: process.pid, host: os.hostname(), owner, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 30; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      try {
        fs.writeSync(fd, JSON.stringify(me));
        fs.fsyncSync(fd);
      } catch (err) {
        // A full disk: leave no empty lock behind that others would have to wait out.
        fs.closeSync(fd);
        fs.rmSync(file, { force: true });
        if (isDiskFull(err)) throw new DiskFullError(path.dirname(file));
        throw new Error(`could not write the library lock ${file}: ${errorMessage(err)}`, { cause: err });
      }
      fs.closeSync(fd);
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          const holder = readHolder(file);
          try {
            if (holder && holder.pid === me.pid && holder.since === me.since) fs.rmSync(file, { force: true });
          } catch {
            // the disk went read-only meanwhile: the lock stays, and the next writer finds its holder dead
          }
        },
      };
    } catch (err) {
      // A read-only library: one sentence, not a raw EROFS/EACCES (nothing was written).
      const reason = readOnlyReason(err, 'folder');
      if (reason) throw new LibraryReadOnlyError(path.dirname(file), reason);
      if (isDiskFull(err)) throw new DiskFullError(path.dirname(file));
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    if (holder === null && recentlyWritten(file)) {
      // Another process may be between creating the file and writing its name into it.
      sleepSync(100);
      continue;
    }
    const stale = holder === null || (holder.host === me.host && holder.pid !== me.pid && !alive(holder.pid));
    if (holder && holder.pid === me.pid && holder.host === me.host) throw new LockedError(holder);
    if (!stale) throw new LockedError(holder);
    takeOverStale(file, holder);
  }
  throw new Error(`could not take the library lock ${file}`);
}
