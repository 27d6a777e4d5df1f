/**
 * What an inbox folder holds, looked at the way a person drops recordings there: each top-level
 * entry (a file, or a folder such as Zoom's `2026-12-02 10.00.00 Meeting 123456789/`) is one unit.
 * Its signature (total size, newest mtime, file count) says whether it is still being written.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Names that are plainly not finished recordings (browser downloads, editors' temp files, our .part). */
const PARTIAL = /\.(part|partial|crdownload|download|tmp|temp|reclib-part)$/i;

/** Zoom's folders hold a few levels at most; deeper trees are not recordings dropped by an app. */
const MAX_DEPTH = 4;

export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || PARTIAL.test(name);
}

export interface Signature {
  size: number;
  mtimeMs: number;
  files: number;
}

export function sameSignature(a: Signature, b: Signature): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.files === b.files;
}

/** The entry's signature now; null when it is gone, unreadable, or not a file or folder. */
export function signatureOf(abs: string): Signature | null {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(abs);
  } catch {
    return null;
  }
  if (st.isFile()) return { size: st.size, mtimeMs: Math.round(st.mtimeMs), files: 1 };
  if (!st.isDirectory()) return null;
  const sig: Signature = { size: 0, mtimeMs: Math.round(st.mtimeMs), files: 0 };
  walk(abs, 1, sig);
  return sig;
}

function walk(dir: string, depth: number, sig: Signature): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    // A partial file inside counts too: while Zoom converts, its folder is not finished.
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      continue;
    }
    sig.mtimeMs = Math.max(sig.mtimeMs, Math.round(st.mtimeMs));
    if (st.isFile()) {
      sig.size += st.size;
      sig.files++;
    } else if (st.isDirectory() && depth < MAX_DEPTH) walk(p, depth + 1, sig);
  }
}

/** The top-level entries worth looking at (never throws; an unreadable folder lists nothing). */
export function listEntries(folder: string): string[] {
  try {
    return fs
      .readdirSync(folder)
      .map((n) => n.normalize('NFC'))
      .filter((n) => !isIgnoredName(n));
  } catch {
    return [];
  }
}

/** The top-level entry a changed path belongs to, or null for the folder itself / outside it. */
export function topEntryOf(folder: string, abs: string): string | null {
  const rel = path.relative(folder, abs);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const top = rel.split(path.sep)[0]!;
  return isIgnoredName(top) ? null : top;
}
