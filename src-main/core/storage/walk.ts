/**
 * The library walk (walk-tree.ts) in a worker thread, so the main process (IPC, UI events) never
 * stalls on 100,000 stats; inline for a handful of paths; lstat of named paths for watcher batches.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pushEntry, walkTree, type EntryType, type WalkInput, type WalkResult } from './walk-tree';
import { runWorker, workerFile } from './worker-file';

export type { EntryType, WalkInput, WalkResult };

/** Walks in a worker thread (walk-worker.ts). */
export async function runWalk(input: WalkInput, signal?: AbortSignal): Promise<WalkResult> {
  type Packed = { ok: true; paths: string; types: string; nums: Float64Array; errors: string[] };
  const m = await runWorker<Packed>(
    workerFile(import.meta.url, 'walk-worker'),
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
  return walkTree(input);
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
    if (!st.isDirectory()) pushEntry(out, rel, st);
  }
  return out;
}
