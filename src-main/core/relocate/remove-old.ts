/**
 * The old copy's removal, after the switch: the catalog first (from then on the old folder is no
 * longer a library that anything could open half-removed), then exactly the files the journal
 * says this move copied and verified, each only if it is still what was copied (same size and
 * mtime). Anything else found there (a file someone put there since, a link) stays, and so do
 * the folders holding it. Convergent: run again after a kill, it finishes.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { MARKER_FILE } from '../catalog/library-id';
import { CATALOG_FILE } from '../storage/paths';
import { fsyncDir, fsyncDirs, removeEmptyTree } from '../storage/fsops';
import { faultPoint } from '../storage/faults';
import { readLog, readState, removeJournal, writeState } from './journal';
import { clearPending } from './pending';
import { absIn } from './tree';

export interface RemoveOldResult {
  removedFiles: number;
  /** Files left in the old place (changed since they were copied, or never ours to remove). */
  kept: string[];
}

export async function removeOldCopy(to: string, opts: { keepOld?: boolean } = {}): Promise<RemoveOldResult> {
  const state = await readState(to);
  if (!state) return { removedFiles: 0, kept: [] };
  const from = state.from;
  if (opts.keepOld ?? state.keepOld) {
    // The mark goes before the journal: a kill between them leaves a stale journal, never a mark
    // pointing at a destination whose journal is gone.
    await clearPending(from);
    await writeState(to, { ...state, phase: 'done' });
    await removeJournal(to);
    return { removedFiles: 0, kept: [] };
  }
  if (state.phase !== 'removing') await writeState(to, { ...state, phase: 'removing' });
  for (const f of [CATALOG_FILE, `${CATALOG_FILE}-wal`, `${CATALOG_FILE}-shm`, `${CATALOG_FILE}-journal`]) await fs.rm(path.join(from, f), { force: true });
  await fsyncDir(from).catch(() => undefined);
  faultPoint('relocate:old-catalog-removed');
  const log = await readLog(to);
  const dirs = new Set<string>();
  let removedFiles = 0;
  const kept: string[] = [];
  for (const entry of log.values()) {
    const abs = absIn(from, entry.p);
    const st = await fs.lstat(abs).catch(() => null);
    if (!st) continue; // removed by an earlier, interrupted run
    if (!st.isFile() || st.size !== entry.size || st.mtimeMs !== entry.mtimeMs) {
      kept.push(entry.p);
      continue;
    }
    await fs.unlink(abs);
    dirs.add(path.dirname(abs));
    removedFiles++;
  }
  await fsyncDirs(dirs);
  await fs.rm(path.join(from, MARKER_FILE), { force: true });
  // The last file of ours in the old folder: until here a kill leaves it, so --resume finds the move.
  await clearPending(from);
  await removeEmptyTree(from);
  faultPoint('relocate:old-removed');
  await writeState(to, { ...state, phase: 'done' });
  await removeJournal(to);
  return { removedFiles, kept };
}
