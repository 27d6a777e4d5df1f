/**
 * The machine around a trial: small tmpfs disks (a full disk), read-only bind mounts (a library
 * on a read-only share), an empty folder mounted over the library (a disk that is not mounted),
 * and the processes a killed CLI left behind. Needs root for mount(8); without it those
 * operations are skipped with a note. Every mount is remembered, so an interrupted run undoes it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const mounted: string[] = [];

function sh(cmd: string, args: string[]): void {
  execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Whether this process may mount (root in a namespace that allows tmpfs and bind mounts). */
export function probeMounts(): { ok: boolean; why: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-chaos-mount-probe-'));
  try {
    sh('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
    sh('mount', ['-o', 'remount,ro', dir]);
    sh('umount', [dir]);
    return { ok: true, why: '' };
  } catch (err) {
    const msg = err instanceof Error && 'stderr' in err ? String((err as { stderr: unknown }).stderr).trim() : String(err);
    return { ok: false, why: msg || 'mount(8) failed' };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function mountTmpfs(dir: string, megabytes: number): void {
  fs.mkdirSync(dir, { recursive: true });
  sh('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0755`, 'tmpfs', dir]);
  mounted.push(dir);
}

/** The folder becomes read-only in place (EROFS for every write, root included). */
export function bindReadOnly(dir: string): void {
  sh('mount', ['--bind', dir, dir]);
  mounted.push(dir);
  sh('mount', ['-o', 'remount,ro,bind', dir]);
}

/** `over` shows the (empty) content of `from` from now on: the library's disk is "not mounted". */
export function bindOver(from: string, over: string): void {
  sh('mount', ['--bind', from, over]);
  mounted.push(over);
}

/** Undoes the newest mount on `dir`. */
export function unmount(dir: string, leftoversMarker: string): void {
  const i = mounted.lastIndexOf(dir);
  try {
    sh('umount', [dir]);
  } catch {
    killLeftovers(leftoversMarker);
    try {
      sh('umount', [dir]);
    } catch {
      sh('umount', ['-l', dir]);
    }
  }
  if (i >= 0) mounted.splice(i, 1);
}

/** Undoes every mount this process made under `root` (newest first). */
export function unmountAllUnder(root: string, leftoversMarker: string): void {
  for (const dir of [...mounted].reverse()) if (dir === root || dir.startsWith(root + path.sep)) unmount(dir, leftoversMarker);
}

export function unmountEverything(): void {
  for (const dir of [...mounted].reverse()) {
    try {
      sh('umount', ['-l', dir]);
    } catch {
      // already gone
    }
  }
  mounted.length = 0;
}

function commandLine(pid: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

/**
 * Ends the processes a killed CLI left behind (an ffmpeg still writing into the trial's temp/):
 * only those whose command line names this trial's folder, each by its pid.
 */
export function killLeftovers(marker: string): number {
  if (!fs.existsSync('/proc')) return 0;
  const mine = String(process.pid);
  const found = fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p) && p !== mine && commandLine(p).includes(marker));
  for (const pid of found) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone already
    }
  }
  // A kill is delivered asynchronously: wait until they are gone (bounded, as a hang guard only).
  for (let i = 0; i < 500 && found.some((p) => fs.existsSync(`/proc/${p}`) && !isZombie(p)); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  return found.length;
}

function isZombie(pid: string): boolean {
  try {
    return /\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}
