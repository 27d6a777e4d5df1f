/**
 * The library walk: readdir + lstat of every entry under the data folders, in a worker thread so
 * the main process (IPC, UI events) never stalls on 100,000 stats. Links are reported as links
 * and never followed; temp/, the catalog, the lock and part files are skipped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { evalInWorker, WORKER_PRELUDE } from './worker-eval';

export type EntryType = 'f' | 'l' | 'e';

/** Column-packed result: cheap to send from the worker (no object per entry). */
export interface WalkResult {
  /** Relative, forward slashes. */
  paths: string[];
  sizes: number[];
  mtimes: number[];
  inos: number[];
  /** f: regular file, l: symbolic link (or other non-file), e: a folder holding nothing but empty folders. */
  types: EntryType[];
  /** Folders that could not be read (permission, vanished while walking). */
  errors: string[];
}

export interface WalkInput {
  root: string;
  /** Top-level folders to walk (relative). */
  tops: string[];
  partSuffix: string;
}

/**
 * Self-contained on purpose: its source text is what the worker runs (see runWalk), so it may use
 * only its arguments. Recursion returns whether a folder is effectively empty.
 */
export function walkTree(fsMod: typeof fs, pathMod: typeof path, input: WalkInput): WalkResult {
  const out: WalkResult = { paths: [], sizes: [], mtimes: [], inos: [], types: [], errors: [] };
  const skipNames = new Set(['catalog.db', 'catalog.db-wal', 'catalog.db-shm', 'catalog.db-journal', '.reclib.lock']);
  const visit = (absDir: string, relDir: string): boolean => {
    let names: fs.Dirent[];
    try {
      names = fsMod.readdirSync(absDir, { withFileTypes: true });
    } catch {
      out.errors.push(relDir);
      return false;
    }
    let empty = true;
    for (const d of names) {
      const name = d.name;
      if (skipNames.has(name) || name.endsWith(input.partSuffix)) {
        empty = false;
        continue;
      }
      const abs = absDir + pathMod.sep + name;
      const rel = relDir + '/' + name;
      if (d.isDirectory()) {
        if (visit(abs, rel)) {
          out.paths.push(rel);
          out.sizes.push(0);
          out.mtimes.push(0);
          out.inos.push(0);
          out.types.push('e');
        } else empty = false;
        continue;
      }
      empty = false;
      let st: fs.Stats;
      try {
        st = fsMod.lstatSync(abs);
      } catch {
        continue; // vanished between readdir and lstat
      }
      out.paths.push(rel);
      out.sizes.push(st.size);
      out.mtimes.push(st.mtimeMs);
      out.inos.push(st.ino);
      out.types.push(st.isFile() ? 'f' : 'l');
    }
    return empty;
  };
  for (const top of input.tops) {
    const abs = input.root + pathMod.sep + top;
    let st: fs.Stats;
    try {
      st = fsMod.lstatSync(abs);
    } catch {
      continue;
    }
    // A top folder that is itself a link is not followed (it could point anywhere).
    if (!st.isDirectory()) continue;
    visit(abs, top);
  }
  return out;
}

/** Walks in a worker thread; the same code runs under vitest, tsx and the electron-vite bundle. */
export async function runWalk(input: WalkInput, signal?: AbortSignal): Promise<WalkResult> {
  // Packed for the trip back: one string and one transferable Float64Array clone far faster than 100,000 small values.
  const code = `${WORKER_PRELUDE}
const walk = (${walkTree.toString()});
try {
  const r = walk(fs, path, workerData);
  const n = r.paths.length;
  const nums = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) { nums[i * 3] = r.sizes[i]; nums[i * 3 + 1] = r.mtimes[i]; nums[i * 3 + 2] = r.inos[i]; }
  parentPort.postMessage({ ok: true, paths: r.paths.join('\\0'), types: r.types.join(''), nums, errors: r.errors }, [nums.buffer]);
} catch (e) { parentPort.postMessage({ ok: false, error: String((e && e.message) || e) }); }`;
  type Packed = { ok: true; paths: string; types: string; nums: Float64Array; errors: string[] };
  const m = await evalInWorker<Packed>(
    code,
    input,
    { failed: (e) => `the library walk failed: ${e}`, stopped: (c) => `the library walk stopped (exit ${c})`, cancelled: 'scan cancelled' },
    signal,
  );
  return unpack(m);
}

function unpack(m: { paths: string; types: string; nums: Float64Array; errors: string[] }): WalkResult {
  const paths = m.paths === '' ? [] : m.paths.split('\0');
  const n = paths.length;
  const sizes = new Array<number>(n);
  const mtimes = new Array<number>(n);
  const inos = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    sizes[i] = m.nums[i * 3]!;
    mtimes[i] = m.nums[i * 3 + 1]!;
    inos[i] = m.nums[i * 3 + 2]!;
  }
  return { paths, sizes, mtimes, inos, types: m.types.split('') as EntryType[], errors: m.errors };
}

/** The same walk on the calling thread: for a handful of paths (watcher batches) a worker costs more than it saves. */
export function walkInline(input: WalkInput): WalkResult {
  return walkTree(fs, path, input);
}

/** lstat of specific relative paths (watcher batches), in the same packed shape. */
export function statPaths(root: string, rels: string[]): WalkResult {
  const out: WalkResult = { paths: [], sizes: [], mtimes: [], inos: [], types: [], errors: [] };
  for (const rel of rels) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(path.join(root, ...rel.split('/')));
    } catch {
      continue;
    }
    if (st.isDirectory()) continue;
    out.paths.push(rel);
    out.sizes.push(st.size);
    out.mtimes.push(st.mtimeMs);
    out.inos.push(st.ino);
    out.types.push(st.isFile() ? 'f' : 'l');
  }
  return out;
}
