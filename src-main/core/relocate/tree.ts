/**
 * The files a relocate copies: everything under the library root except what is not a file of
 * the library (the catalog, which SQLite copies itself, its WAL, the writer lock, part files of
 * interrupted writes, a relocate journal of an earlier move, and this move's own mark).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CATALOG_FILE, LOCK_FILE } from '../storage/paths';
import { PART_SUFFIX } from '../storage/fsops';
import { LOG_FILE, STATE_FILE } from './journal';
import { PENDING_FILE } from './pending';

export interface TreeFile {
  /** Relative, forward slashes. */
  rel: string;
  size: number;
  mtimeMs: number;
}

export interface Tree {
  files: TreeFile[];
  /** Folders (relative), so empty ones are made too. */
  dirs: string[];
  /** Links and other non-files: never followed, never copied, reported. */
  skipped: string[];
  bytes: number;
}

const SKIP_AT_ROOT = new Set([CATALOG_FILE, `${CATALOG_FILE}-wal`, `${CATALOG_FILE}-shm`, `${CATALOG_FILE}-journal`, LOCK_FILE, LOG_FILE, STATE_FILE, PENDING_FILE]);

export async function listTree(root: string, signal?: AbortSignal): Promise<Tree> {
  const out: Tree = { files: [], dirs: [], skipped: [], bytes: 0 };
  const visit = async (abs: string, rel: string): Promise<void> => {
    signal?.throwIfAborted();
    const entries = await fs.readdir(abs, { withFileTypes: true });
    for (const e of entries) {
      if ((rel === '' && SKIP_AT_ROOT.has(e.name)) || e.name.endsWith(PART_SUFFIX)) continue;
      const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
      const childAbs = path.join(abs, e.name);
      if (e.isDirectory()) {
        out.dirs.push(childRel);
        await visit(childAbs, childRel);
      } else if (e.isFile()) {
        const st = await fs.lstat(childAbs);
        out.files.push({ rel: childRel, size: st.size, mtimeMs: st.mtimeMs });
        out.bytes += st.size;
      } else {
        out.skipped.push(childRel);
      }
    }
  };
  await visit(root, '');
  return out;
}

export function absIn(root: string, rel: string): string {
  return path.join(root, ...rel.split('/'));
}
