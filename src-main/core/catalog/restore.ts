/**
 * `reclib catalog restore <file>`: puts a backup in place of the library's catalog without ever
 * opening the current one as a database (it may be damaged). The backup is proven first (SQLite,
 * quick_check, our schema, not newer than this version, the same library); the current catalog is
 * kept aside with its -wal/-shm as `catalog.db.damaged-<time>` (`catalog.db.replaced-<time>` when it
 * proves sound: a restore to an earlier state, not a repair); the new one goes temp -> fsync ->
 * verify -> rename. Killed at any point, the library holds either the old catalog or the new one,
 * and running the restore again finishes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LibraryNotFoundError } from './presence';
import { acquireWriterLock } from './writer-lock';
import { faultPoint } from '../storage/faults';
import { CATALOG_FILE, LOCK_FILE } from '../storage/paths';
import { requireWritable } from '../storage/writable';
import { BackupError, fsyncDirSync, inspectCatalogFile } from './backup';
import { backupsDir } from './backup-files';
import { dropStamp } from './check';
import { readCatalogLibraryId, readMarkerLibraryId } from './library-id';

export class RestoreError extends Error {
  override name = 'RestoreError';
}

export interface RestoreReport {
  catalog: string;
  from: string;
  schemaVersion: number;
  /** Where the catalog that was replaced (and its -wal/-shm/-journal) now is. */
  keptAside: string[];
}

const SIDE_FILES = ['-wal', '-shm', '-journal'];

function exists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** The id in the current catalog, if it can be read at all (a damaged one often cannot). */
function currentLibraryId(catalog: string): string | null {
  if (!exists(catalog)) return null;
  let db: Database.Database | undefined;
  try {
    db = new Database(catalog, { readonly: true, fileMustExist: true });
    return readCatalogLibraryId(db);
  } catch {
    return null;
  } finally {
    try {
      db?.close();
    } catch {
      // nothing to release
    }
  }
}

function timeTag(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** What the kept-aside catalog is called: what it is, so nobody takes a sound catalog for a broken one. */
function asideWord(catalog: string): 'damaged' | 'replaced' {
  if (!exists(catalog)) return 'damaged';
  try {
    inspectCatalogFile(catalog);
    return 'replaced';
  } catch {
    return 'damaged';
  }
}

function freeAside(catalog: string, at: Date): string {
  const word = asideWord(catalog);
  for (let n = 0; ; n++) {
    const p = `${catalog}.${word}-${timeTag(at)}${n ? `-${n}` : ''}`;
    if (![p, ...SIDE_FILES.map((s) => p + s)].some(exists)) return p;
  }
}

/** A second name for the current catalog; a copy where the filesystem has no hard links. */
function keepAside(src: string, dest: string): void {
  try {
    fs.linkSync(src, dest);
  } catch {
    fs.copyFileSync(src, dest, fs.constants.COPYFILE_EXCL);
    const fd = fs.openSync(dest, 'r+');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

export function restoreCatalog(root: string, backupFile: string, opts: { owner: string; knownSchema: number; now?: Date }): RestoreReport {
  const abs = path.resolve(root);
  const from = path.resolve(backupFile);
  const catalog = path.join(abs, CATALOG_FILE);
  // Only a library gets a catalog back: its catalog (even a damaged one) or its backups folder
  // must be there. An empty mount point is not made into a library by a restore either.
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new LibraryNotFoundError(abs, 'missing-folder');
  }
  if (!st.isDirectory()) throw new LibraryNotFoundError(abs, 'not-a-folder');
  if (!exists(catalog) && !exists(backupsDir(abs))) throw new LibraryNotFoundError(abs, 'no-catalog');
  requireWritable(abs, exists(catalog) ? catalog : null);
  if (from === catalog || SIDE_FILES.some((s) => from === catalog + s)) throw new RestoreError(`${from} is the library's catalog itself; name a backup (from ${backupsDir(abs)}).`);

  let facts;
  try {
    facts = inspectCatalogFile(from);
  } catch (err) {
    if (err instanceof BackupError) throw new RestoreError(`Cannot restore: ${err.message}. Nothing was changed.`);
    throw err;
  }
  if (facts.schemaVersion > opts.knownSchema) {
    throw new RestoreError(
      `Cannot restore ${from}: it was written by a newer version of Reclib (schema ${facts.schemaVersion}; this version knows up to ${opts.knownSchema}). ` +
        'Update Reclib, then restore it. Nothing was changed.',
    );
  }
  const currentId = currentLibraryId(catalog) ?? readMarkerLibraryId(abs);
  if (currentId && facts.libraryId && currentId !== facts.libraryId) {
    throw new RestoreError(`Cannot restore ${from}: it is a backup of another library (library id ${facts.libraryId}, this one is ${currentId}). Nothing was changed.`);
  }

  const lock = acquireWriterLock(path.join(abs, LOCK_FILE), opts.owner);
  try {
    // Copies left by a restore that was killed (we hold the lock: none is running now). The name
    // starts with catalog.db so the watcher and the scanner pass over it.
    for (const name of fs.readdirSync(abs)) if (name.startsWith(`${CATALOG_FILE}.restoring-`)) fs.rmSync(path.join(abs, name), { force: true });
    const tmp = `${catalog}.restoring-${process.pid}`;
    fs.copyFileSync(from, tmp);
    try {
      const fd = fs.openSync(tmp, 'r+');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      if (fs.statSync(tmp).size !== fs.statSync(from).size) throw new RestoreError(`Copying ${from} into the library came out short. Nothing was changed.`);
      inspectCatalogFile(tmp);
    } catch (err) {
      for (const f of [tmp, ...SIDE_FILES.map((s) => tmp + s)]) fs.rmSync(f, { force: true });
      if (err instanceof BackupError) throw new RestoreError(`The copy of the backup did not verify (${err.message}). Nothing was changed.`);
      throw err;
    }
    faultPoint('restore:copied');

    const keptAside: string[] = [];
    const aside = freeAside(catalog, opts.now ?? new Date());
    if (exists(catalog)) {
      keepAside(catalog, aside);
      keptAside.push(aside);
    }
    faultPoint('restore:aside');
    // The old catalog's journal files must not meet the new catalog: SQLite would replay them into it.
    for (const s of SIDE_FILES) {
      if (!exists(catalog + s)) continue;
      fs.renameSync(catalog + s, aside + s);
      keptAside.push(aside + s);
    }
    fsyncDirSync(abs);
    faultPoint('restore:side-files');
    fs.renameSync(tmp, catalog);
    fsyncDirSync(abs);
    dropStamp(catalog);
    return { catalog, from, schemaVersion: facts.schemaVersion, keptAside };
  } finally {
    lock.release();
  }
}
