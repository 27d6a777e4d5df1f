/**
 * What the library folder holds on disk, by part (recordings, catalog, backups, thumbnails, temp,
 * trash, the rest), so the Storage view adds up to `du -sb <library>`. The ledger counts only the
 * files the catalog knows; this walk counts everything, the way du does:
 *   - apparent sizes (st.size, like `du --apparent-size`, which `-b` implies), not blocks;
 *   - every entry once: files, symbolic links (their own size, never followed) and the folders
 *     themselves (a folder's own st.size, e.g. 4096 on ext4: du counts it, so this does too);
 *   - a file with several hard links once (by device and inode), as du does.
 * The walk runs in a worker thread: a library of 100,000 files must not stall the host's replies.
 */
import fs from 'node:fs';
import { runWorker, workerFile } from '@core/storage/worker-file';
import { measureTree, type Measured } from './measure-tree';
import { LIBRARY_USAGE_PARTS, type LibraryUsage, type LibraryUsagePart } from '@shared/domain';

async function inWorker(root: string): Promise<Measured> {
  const m = await runWorker<{ ok: true; r: Measured }>(workerFile(import.meta.url, 'measure-worker'), root, {
    failed: (e) => `Measuring the library folder failed: ${e}`,
    stopped: (c) => `Measuring the library folder stopped (exit ${c})`,
  });
  return m.r;
}

function toUsage(m: Measured): LibraryUsage {
  const byPart = Object.fromEntries(LIBRARY_USAGE_PARTS.map((p) => [p, m.bytes[p] ?? 0])) as Record<LibraryUsagePart, number>;
  const totalBytes = LIBRARY_USAGE_PARTS.reduce((s, p) => s + byPart[p], 0);
  return {
    totalBytes,
    recordingsBytes: byPart.recordings,
    catalogBytes: byPart.catalog,
    backupsBytes: byPart.backups,
    sharedThumbnailsBytes: byPart.sharedThumbnails,
    userThumbnailsBytes: byPart.userThumbnails,
    tempBytes: byPart.temp,
    trashFolderBytes: byPart.trashFolder,
    otherBytes: byPart.other,
    unreadable: m.unreadable,
  };
}

/** Measures the library folder in a worker thread; null when the folder is not there. */
export async function measureLibrary(root: string): Promise<LibraryUsage | null> {
  try {
    if (!(await fs.promises.stat(root)).isDirectory()) return null;
  } catch {
    return null;
  }
  return toUsage(await inWorker(root));
}

/** The same on the calling thread (the CLI, which has nothing else to answer meanwhile). */
export function measureLibrarySync(root: string): LibraryUsage | null {
  try {
    if (!fs.statSync(root).isDirectory()) return null;
  } catch {
    return null;
  }
  return toUsage(measureTree(root));
}

const queues = new Map<string, { tail: Promise<unknown>; waiting: Promise<LibraryUsage | null> | null }>();

/**
 * One walk at a time per library: callers that arrive while one runs share the single walk queued
 * after it (a burst of changes costs at most two walks, and nobody gets a figure from before their change).
 */
export function measureLibraryShared(root: string): Promise<LibraryUsage | null> {
  let q = queues.get(root);
  if (!q) {
    q = { tail: Promise.resolve(), waiting: null };
    queues.set(root, q);
  }
  if (q.waiting) return q.waiting;
  const entry = q;
  const walk: Promise<LibraryUsage | null> = entry.tail
    .catch(() => null)
    .then(() => {
      if (entry.waiting === walk) entry.waiting = null;
      return measureLibrary(root);
    });
  entry.waiting = walk;
  entry.tail = walk;
  return walk;
}
