/**
 * The walk behind the Storage view's parts, counted the way `du -sb` counts (see library-usage.ts).
 * Imported by measure-worker.ts, so it may import only node: builtins (see storage/worker-file.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

export type Measured = { bytes: Record<string, number>; unreadable: string[] };

/** Bytes per part plus the folders it could not read. */
export function measureTree(root: string): Measured {
  const bytes: Record<string, number> = {};
  const unreadable: string[] = [];
  const seen = new Set<string>();
  const add = (part: string, n: number) => {
    bytes[part] = (bytes[part] ?? 0) + n;
  };
  /** The part a path relative to the root belongs to (forward slashes; '' is the root itself). */
  const partOf = (rel: string): string => {
    const seg = rel.split('/');
    const top = seg[0] ?? '';
    if (seg.length === 1 && /^catalog\.db(-wal|-shm|-journal)?$/.test(top)) return 'catalog';
    if (top === 'backups') return 'backups';
    if (top === 'temp') return 'temp';
    if (top === 'trash') return 'trashFolder';
    if (top === 'shared' && seg[1] === 'thumbnails') return 'sharedThumbnails';
    if (top === 'users' && seg.length >= 3 && seg[2] === 'recordings') return 'recordings';
    if (top === 'users' && seg.length >= 3 && seg[2] === 'thumbnails') return 'userThumbnails';
    return 'other';
  };
  const visit = (abs: string, rel: string) => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(abs);
    } catch {
      return; // vanished while walking
    }
    if (st.nlink > 1 && !st.isDirectory()) {
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    add(partOf(rel), st.size);
    if (!st.isDirectory()) return;
    let names: string[];
    try {
      names = fs.readdirSync(abs);
    } catch {
      unreadable.push(rel === '' ? '.' : rel);
      return;
    }
    for (const name of names) visit(abs + path.sep + name, rel === '' ? name : rel + '/' + name);
  };
  visit(root, '');
  return { bytes, unreadable };
}
