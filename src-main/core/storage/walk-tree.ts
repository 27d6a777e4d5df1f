/**
 * The library walk itself: readdir + lstat of every entry under the data folders. Links are
 * reported as links and never followed; temp/, the catalog, the lock and part files are skipped.
 * Imported by walk-worker.ts, so it may import only node: builtins (see storage/worker-file.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

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

/** One file or link into the packed columns. */
export function pushEntry(out: WalkResult, rel: string, st: fs.Stats): void {
  out.paths.push(rel);
  out.sizes.push(st.size);
  out.mtimes.push(st.mtimeMs);
  out.inos.push(st.ino);
  out.types.push(st.isFile() ? 'f' : 'l');
}

/** Recursion returns whether a folder is effectively empty. */
export function walkTree(input: WalkInput): WalkResult {
  const out: WalkResult = { paths: [], sizes: [], mtimes: [], inos: [], types: [], errors: [] };
  const skipNames = new Set(['catalog.db', 'catalog.db-wal', 'catalog.db-shm', 'catalog.db-journal', '.reclib.lock']);
  const visit = (absDir: string, relDir: string): boolean => {
    let names: fs.Dirent[];
    try {
      names = fs.readdirSync(absDir, { withFileTypes: true });
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
      const abs = absDir + path.sep + name;
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
        st = fs.lstatSync(abs);
      } catch {
        continue; // vanished between readdir and lstat
      }
      pushEntry(out, rel, st);
    }
    return empty;
  };
  for (const top of input.tops) {
    const abs = input.root + path.sep + top;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(abs);
    } catch {
      continue;
    }
    // A top folder that is itself a link is not followed (it could point anywhere).
    if (!st.isDirectory()) continue;
    visit(abs, top);
  }
  return out;
}
