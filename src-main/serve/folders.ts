/**
 * The browser mode's folder picker: lists folders (never files, never contents) under the roots a
 * person keeps recordings in (home and the places disks are mounted). A path outside them, or a
 * link that leads outside them, is refused.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FolderEntry {
  name: string;
  path: string;
}

export interface FolderListing {
  /** null: the list of roots. */
  path: string | null;
  parent: string | null;
  entries: FolderEntry[];
  roots: FolderEntry[];
}

export class FolderError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function defaultRoots(): string[] {
  if (process.platform === 'win32') {
    const drives = [...'CDEFGHIJKLMNOPQRSTUVWXYZ'].map((d) => `${d}:\\`).filter((d) => fs.existsSync(d));
    return [os.homedir(), ...drives];
  }
  const user = os.userInfo().username;
  return [os.homedir(), '/media', '/mnt', `/run/media/${user}`, '/Volumes'].filter((d) => fs.existsSync(d));
}

function real(p: string): string | null {
  try {
    return fs.realpathSync(p);
  } catch {
    return null;
  }
}

function inside(child: string, root: string): boolean {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function listFolders(requested: string | null, rootsIn: string[], opts: { hidden?: boolean } = {}): FolderListing {
  const roots = rootsIn.map((r) => real(r)).filter((r): r is string => r !== null);
  const rootEntries = roots.map((r) => ({ name: r === real(os.homedir()) ? `${path.basename(r)} (home)` : r, path: r }));
  if (requested === null || requested === '') return { path: null, parent: null, entries: rootEntries, roots: rootEntries };
  if (!path.isAbsolute(requested)) throw new FolderError(`Give a whole path (from the top), not "${requested}".`, 400);
  const abs = real(path.resolve(requested));
  if (abs === null) throw new FolderError(`There is no folder ${requested}.`, 404);
  const root = roots.find((r) => inside(abs, r));
  if (root === undefined) throw new FolderError(`${requested} is outside the folders Reclib may list (${roots.join(', ')}).`, 403);
  let dirents: fs.Dirent[];
  try {
    dirents = fs.readdirSync(abs, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FolderError(code === 'ENOTDIR' ? `${requested} is a file, not a folder.` : `Reclib cannot read ${requested} (${code ?? String(err)}).`, code === 'ENOTDIR' ? 400 : 403);
  }
  const entries: FolderEntry[] = [];
  for (const d of dirents) {
    if (!opts.hidden && d.name.startsWith('.')) continue;
    const p = path.join(abs, d.name);
    if (d.isDirectory()) entries.push({ name: d.name, path: p });
    else if (d.isSymbolicLink()) {
      const target = real(p);
      if (target && roots.some((r) => inside(target, r)) && fs.statSync(target).isDirectory()) entries.push({ name: d.name, path: p });
    }
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  return { path: abs, parent: abs === root ? null : path.dirname(abs), entries, roots: rootEntries };
}
