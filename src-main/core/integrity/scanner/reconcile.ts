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
  /**
   * Missing rows of a recording folder found (by inode + size) outside it: a folder renamed or moved
   * by hand. Not followed: the rows would name another folder than the id's, and the outputs
   * processing writes at the id's folder would split the recording in two. They stay missing (the
   * file, an orphan), and the reason says where the file is.
   */
  strayed: { row: RowFact; disk: DiskFact }[];
  /**
   * Missing rows with orphans of the same size (checked by the caller's hashing): in the row's own
   * folder, a move if the hash matches; elsewhere, a copy of the folder whose original was deleted
   * (a new inode), strayed like a rename if the hash matches.
   */
  candidates: { row: RowFact; disks: DiskFact[]; elsewhere: DiskFact[] }[];
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

/** users/<uid>/recordings/<folder>/ of a path in a recording folder; null for any other path. */
function homeOf(rel: string): string | null {
  return /^users\/[^/]+\/recordings\/[^/]+\//.exec(rel)?.[0] ?? null;
}

/** A file of a recording folder follows a move only inside that folder; files elsewhere anywhere. */
function atHome(row: RowFact, d: DiskFact): boolean {
  const home = homeOf(row.relPath);
  return home === null || d.rel.startsWith(home);
}

export function reconcile(rows: RowFact[], disk: Map<string, DiskFact>, emptyDirs: string[] = []): Reconciled {
  const r: Reconciled = { missing: [], orphans: [], changed: [], moved: [], strayed: [], candidates: [], emptyDirs, unchanged: 0 };
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
      if (atHome(row, hit)) {
        taken.add(hit.rel);
        r.moved.push({ row, disk: hit });
      } else {
        r.strayed.push({ row, disk: hit });
        r.missing.push(row);
      }
      continue;
    }
    const sized = (bySize.get(row.size) ?? []).filter((d) => !taken.has(d.rel));
    const same = sized.filter((d) => atHome(row, d));
    // An empty file's bytes say nothing about whose it is.
    const elsewhere = row.size > 0 ? sized.filter((d) => !atHome(row, d)) : [];
    if (same.length || elsewhere.length) r.candidates.push({ row, disks: same, elsewhere });
    else r.missing.push(row);
  }
  r.orphans = orphans.filter((o) => !taken.has(o.rel));
  return r;
}
