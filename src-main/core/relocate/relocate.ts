/**
 * Moving a whole library to another place (another disk), like a bank moves money: every file is
 * copied into a part file, fsynced, verified by hash on both sides and renamed in; the catalog is
 * copied by SQLite; a journal in the destination makes the move resumable after a kill. Only when
 * the new place is whole does the caller switch the app to it, and only then removeOldCopy()
 * removes, from the old place, exactly the files this move copied and verified (unless kept).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { JobProgress } from '@shared/jobs';
import type { Library } from '../catalog/library';
import { checkAvailability, readLibraryId } from '../catalog/availability';
import { fsyncDir, fsyncDirs } from '../storage/fsops';
import { faultPoint } from '../storage/faults';
import { listInboxFolders } from '@core/catalog/repositories/inbox';
import { checkDestination, checkRoom, RelocateError } from './checks';
import { copyCatalog } from './catalog';
import { alreadyCopied, copyOne } from './copy';
import { LogWriter, readLog, type RelocateState, writeState } from './journal';
import { writePending } from './pending';
import { absIn, listTree, type TreeFile } from './tree';

export { RelocateError } from './checks';

export interface RelocateOptions {
  keepOld?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: Partial<JobProgress>) => void;
  /** Small files copied side by side (bound by fsync latency, not bandwidth); big ones go at most two at a time. */
  parallel?: number;
}

export interface RelocateCopy {
  from: string;
  to: string;
  files: number;
  bytes: number;
  /** Files the journal of an earlier, interrupted run had already copied. */
  resumedFiles: number;
  /** Links and other non-files in the library: not copied (and so never removed). */
  skipped: string[];
  /** The earlier run had already switched to the new place: only the old copy's removal is left. */
  alreadySwitched: boolean;
}

/** From this size on a file is copied in the big-file lane (see copyLibrary). */
const BIG_FILE = 32 * 1024 * 1024;

/** Estimated seconds left from the bytes still to copy and the rate so far. */
function eta(started: number, done: number, total: number): number | null {
  const secs = (Date.now() - started) / 1000;
  if (done <= 0 || secs < 0.5) return null;
  return Math.max(0, (total - done) / (done / secs));
}

/**
 * Copies and verifies the open library `lib` (held as writer) into `toArg`. Leaves the journal in
 * phase 'copied': the new place is a whole library, the old one untouched.
 */
export async function copyLibrary(lib: Library, toArg: string, opts: RelocateOptions = {}): Promise<RelocateCopy> {
  const from = lib.root;
  const avail = checkAvailability(lib);
  if (avail.state !== 'online') throw new RelocateError(`The library's files look unavailable (${avail.reason ?? avail.state}), so it cannot be moved now. Is its disk mounted?`, 'NO_MOUNT');
  const libraryId = readLibraryId(lib);
  const { to, resume } = await checkDestination(from, toArg, libraryId, listInboxFolders(lib.sqlite).map((f) => f.path));
  if (resume?.phase === 'removing' || resume?.phase === 'done') {
    return { from, to, files: 0, bytes: 0, resumedFiles: 0, skipped: [], alreadySwitched: true };
  }
  const tree = await listTree(from, opts.signal);
  const logged = resume ? await readLog(to) : new Map();
  const todo: TreeFile[] = [];
  let resumedFiles = 0;
  let resumedBytes = 0;
  for (const f of tree.files) {
    if (await alreadyCopied(f, absIn(to, f.rel), logged.get(f.rel))) {
      resumedFiles++;
      resumedBytes += f.size;
    } else todo.push(f);
  }
  const catalogBytes = (await fs.stat(lib.paths.catalog())).size;
  // Room first: a move that stops half-way for lack of space has only cost time.
  await checkRoom(to, tree.bytes - resumedBytes + catalogBytes * 2);

  await fs.mkdir(to, { recursive: false }).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EEXIST') throw err;
  });
  await fsyncDir(path.dirname(to));
  const state: RelocateState = { version: 1, libraryId, from, to, phase: 'copying', keepOld: opts.keepOld === true, startedAt: resume?.startedAt ?? new Date().toISOString() };
  await writeState(to, state);
  // Only now, with the journal in place, the old library learns where it is going: from here on an
  // interruption is found (and resumed) from the old place too, not only by retyping the path.
  await writePending(from, { to, keepOld: state.keepOld, startedAt: state.startedAt });

  const bytesTotal = tree.bytes + catalogBytes;
  let bytesDone = resumedBytes;
  let filesDone = resumedFiles;
  const started = Date.now();
  const startBytes = bytesDone;
  const report = (current: string | null) =>
    opts.onProgress?.({ done: filesDone, total: tree.files.length, bytesDone, bytesTotal, etaSec: eta(started, bytesDone - startBytes, bytesTotal - startBytes), current });
  report(null);

  for (const d of tree.dirs) await fs.mkdir(absIn(to, d), { recursive: true });
  const log = await LogWriter.open(to);
  try {
    // Each file's data is fsynced before its rename; the folders' new entries are fsynced together
    // below, before the catalog copy and long before anything is removed from the old place (a
    // rename lost to a crash only means that file is copied again: the log is trusted only for a
    // file that is there at its size).
    const renamedIn = new Set<string>();
    // Two lanes: small files side by side (bound by fsync latency), big ones at most two at a time
    // (each already keeps both cores busy: the kernel copies while the source is hashed; more would
    // only queue on the thread pool and thrash the page cache).
    const big = todo.filter((f) => f.size >= BIG_FILE);
    const small = todo.filter((f) => f.size < BIG_FILE);
    const lane = (files: TreeFile[]) => {
      let next = 0;
      return async () => {
        while (next < files.length) {
          const f = files[next++]!;
          await copyAndLog(f);
        }
      };
    };
    const copyAndLog = async (f: TreeFile) => {
      opts.signal?.throwIfAborted();
      const entry = await copyOne(f, absIn(from, f.rel), absIn(to, f.rel), {
        signal: opts.signal,
        syncLater: renamedIn,
        onBytes: (n) => {
          bytesDone += n;
          report(f.rel);
        },
      });
      await log.append(entry);
      filesDone++;
      report(f.rel);
    };
    const bigLane = lane(big);
    const smallLane = lane(small);
    await Promise.all([
      ...Array.from({ length: Math.min(2, Math.max(1, opts.parallel ?? 4)) }, bigLane),
      ...Array.from({ length: Math.max(1, opts.parallel ?? 4) }, smallLane),
    ]);

    await fsyncDirs(renamedIn);

    // Files the catalog names that the walk did not see (none while the lock is held; a safety net).
    const late = async (rel: string): Promise<boolean> => {
      const st = await fs.lstat(absIn(from, rel)).catch(() => null);
      if (!st?.isFile()) return false;
      const f = { rel, size: st.size, mtimeMs: st.mtimeMs };
      await fs.mkdir(path.dirname(absIn(to, rel)), { recursive: true });
      await log.append(await copyOne(f, absIn(from, rel), absIn(to, rel), { signal: opts.signal }));
      return true;
    };
    report('catalog.db');
    await copyCatalog(lib.sqlite, to, late);
  } finally {
    await log.close();
  }
  bytesDone = bytesTotal;
  filesDone = tree.files.length;
  report(null);
  faultPoint('relocate:copied');
  await writeState(to, { ...state, phase: 'copied' });
  return { from, to, files: tree.files.length, bytes: bytesTotal, resumedFiles, skipped: tree.skipped, alreadySwitched: false };
}
