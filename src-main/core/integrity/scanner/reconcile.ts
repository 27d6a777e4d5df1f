/**
 * The pure half of a scan: catalog rows against what is on disk, by relative path, size, mtime
 * and inode. No I/O here, so every rule is testable on plain data.
 */
import type { ScannedFile } from '@core/catalog/repositories/files/scan';
import type { WalkResult } from '@core/storage/walk';

/** A catalog row as the scan compares it (read by the files-scan repository). */
export type RowFact = ScannedFile;

export interface DiskFact {
  rel: string;
  size: number;
  mtimeMs: number;
  ino: number;
  link: boolean;
}

export interface Reconciled {
  /** Rows whose file is not on disk (and was not found elsewhere). */
  missing: RowFact[];
  /** Regular files and links on disk with no row. */
  orphans: DiskFact[];
  /** Rows whose file is there but whose size or mtime differ: re-hash. */
  changed: { row: RowFact; disk: DiskFact }[];
  /** Missing rows found at another path by inode + size. */
  moved: { row: RowFact; disk: DiskFact }[];
  /** Missing rows with orphans of the same size: a move if the hash matches (checked by the caller). */
  candidates: { row: RowFact; disks: DiskFact[] }[];
  /** Folders holding nothing but empty folders. */
  emptyDirs: string[];
  unchanged: number;
}

export function diskFacts(w: WalkResult): { files: Map<string, DiskFact>; emptyDirs: string[] } {
  const files = new Map<string, DiskFact>();
  const emptyDirs: string[] = [];
  for (let i = 0; i < w.paths.length; i++) {
    const rel = w.paths[i]!;
    const t = w.types[i];
    if (t === 'e') emptyDirs.push(rel);
    else files.set(rel, { rel, size: w.sizes[i]!, mtimeMs: w.mtimes[i]!, ino: w.inos[i]!, link: t === 'l' });
  }
  return { files, emptyDirs };
}

export function reconcile(rows: RowFact[], disk: Map<string, DiskFact>, emptyDirs: string[] = []): Reconciled {
  const r: Reconciled = { missing: [], orphans: [], changed: [], moved: [], candidates: [], emptyDirs, unchanged: 0 };
  const known = new Set<string>();
  const lost: RowFact[] = [];
  for (const row of rows) {
    known.add(row.relPath);
    const d = disk.get(row.relPath);
    if (!d || d.link) {
      // A link where our file should be is not our file: never followed, counted as missing.
      lost.push(row);
      continue;
    }
    if (d.size !== row.size || Math.round(d.mtimeMs) !== row.mtimeMs) r.changed.push({ row, disk: d });
    else r.unchanged++;
  }
  const orphans: DiskFact[] = [];
  for (const d of disk.values()) if (!known.has(d.rel)) orphans.push(d);
  const byIno = new Map<string, DiskFact>();
  const bySize = new Map<number, DiskFact[]>();
  for (const o of orphans) {
    if (o.link) continue;
    byIno.set(`${o.ino}/${o.size}`, o);
    const list = bySize.get(o.size) ?? [];
    list.push(o);
    bySize.set(o.size, list);
  }
  const taken = new Set<string>();
  for (const row of lost) {
    const hit = row.inode !== null ? byIno.get(`${row.inode}/${row.size}`) : undefined;
    if (hit && !taken.has(hit.rel)) {
      taken.add(hit.rel);
      r.moved.push({ row, disk: hit });
      continue;
    }
    const same = (bySize.get(row.size) ?? []).filter((d) => !taken.has(d.rel));
    if (same.length) r.candidates.push({ row, disks: same });
    else r.missing.push(row);
  }
  r.orphans = orphans.filter((o) => !taken.has(o.rel));
  return r;
}
