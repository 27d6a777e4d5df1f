/**
 * The catalog's copy: made by SQLite's online backup API from the open catalog (the writer lock
 * is held, so it is the whole, final state), never by copying catalog.db and its WAL as bytes.
 * In the copy, each file row gets the inode and mtime of the file at its new place (the scanner
 * compares both), then it is checkpointed, fsynced, checked like any backup, and renamed in.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fsyncDirSync, fsyncFile, inspectCatalogFile } from '@core/catalog/backup';
import { fileStamps, finishRelocateJobs, leaveWal, restampFile } from '@core/catalog/repositories/relocate-copy';
import { CATALOG_FILE } from '../storage/paths';
import { partPath } from '../storage/fsops';
import { faultPoint } from '../storage/faults';
import { absIn } from './tree';

const sidecars = (f: string) => [f, `${f}-wal`, `${f}-shm`, `${f}-journal`];

export interface CatalogCopy {
  /** Catalog rows whose file is at neither place (the scanner reports them as missing, as it would have). */
  missing: string[];
}

/**
 * Copies the catalog of `sqlite` into `to`. `late` is called for a file the catalog names that is
 * not at the destination yet but is in the library (added after the walk): it must copy it.
 */
export async function copyCatalog(sqlite: Database.Database, to: string, late: (rel: string) => Promise<boolean>): Promise<CatalogCopy> {
  const dest = path.join(to, CATALOG_FILE);
  const tmp = partPath(dest);
  for (const f of sidecars(tmp)) fs.rmSync(f, { force: true });
  const missing: string[] = [];
  try {
    await sqlite.backup(tmp);
    const db = new Database(tmp, { fileMustExist: true });
    try {
      const rows = fileStamps(db);
      const facts: { id: number; ino: number; mtime: number }[] = [];
      for (const r of rows) {
        const abs = absIn(to, r.relPath);
        let st = fs.statSync(abs, { throwIfNoEntry: false });
        if (!st && (await late(r.relPath))) st = fs.statSync(abs, { throwIfNoEntry: false });
        if (!st) {
          missing.push(r.relPath);
          continue;
        }
        const mtime = Math.round(st.mtimeMs);
        if (st.ino !== r.inode || mtime !== r.mtimeMs) facts.push({ id: r.id, ino: st.ino, mtime });
      }
      db.transaction(() => {
        for (const f of facts) restampFile(db, f.id, f.ino, f.mtime);
        finishRelocateJobs(db, Date.now());
      })();
      leaveWal(db);
    } finally {
      db.close();
    }
    fsyncFile(tmp);
    inspectCatalogFile(tmp);
    faultPoint('relocate:catalog-verified');
    for (const f of sidecars(dest).slice(1)) fs.rmSync(f, { force: true });
    fs.renameSync(tmp, dest);
    fsyncDirSync(to);
    return { missing };
  } catch (err) {
    for (const f of sidecars(tmp)) fs.rmSync(f, { force: true });
    throw err;
  }
}
