/**
 * Backups of the catalog, written the way files move here: into a temp file beside the
 * destination, fsync, verify (open it, quick_check, our schema), rename, fsync the folder, and only
 * then the oldest beyond KEEP_BACKUPS go. A backup that does not verify is discarded and the older
 * ones stay, so a damaged catalog never pushes the good backups out.
 *
 * The copy is made by SQLite, never by copying the file (which may be mid-checkpoint): the online
 * backup API (better-sqlite3's db.backup(), page by page between other statements) wherever we can
 * wait, and VACUUM INTO — SQLite's other transactionally consistent online copy — in the one
 * synchronous place, just before a schema upgrade inside openCatalog.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { faultPoint } from '../storage/faults';
import { type BackupFile, backupsDir, freeBackupPath, parseBackupName, pruneBackups, TEMP_PREFIX, TEMP_SUFFIX } from './backup-files';
import { isCorruption } from './check';
import { readCatalogLibraryId } from './library-id';
import { errorMessage } from '@shared/errors';

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface CatalogFacts {
  schemaVersion: number;
  libraryId: string | null;
}

export function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function fsyncDirSync(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    fs.fsyncSync(fd);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (!['EINVAL', 'EPERM', 'EISDIR', 'ENOTSUP', 'EBADF'].includes(code)) throw err;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Opens a catalog file read-only and proves it is one of ours and sound: SQLite, quick_check ok,
 * our schema (drizzle's migration table and the core tables). Throws BackupError saying what is
 * wrong. Used for every backup we write and for every file offered to `catalog restore`.
 */
export function inspectCatalogFile(file: string): CatalogFacts {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new BackupError(`${file} does not exist`);
  }
  if (!st.isFile()) throw new BackupError(`${file} is not a file`);
  const head = Buffer.alloc(16);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 16, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1') !== 'SQLite format 3\0') throw new BackupError(`${file} is not an SQLite database`);
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check(3)') as { quick_check: string }[];
    if (!(rows.length === 1 && rows[0]!.quick_check === 'ok')) {
      throw new BackupError(`${file} is damaged itself (${rows.map((r) => r.quick_check.replace(/\s+/g, ' ').trim()).join('; ').slice(0, 200)})`);
    }
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
    const missing = ['__drizzle_migrations', 'profiles', 'recordings', 'files', 'settings'].filter((t) => !tables.has(t));
    if (missing.length) throw new BackupError(`${file} is not a Reclib catalog (it has no ${missing.join(', ')} table${missing.length > 1 ? 's' : ''})`);
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    if (schemaVersion < 1) throw new BackupError(`${file} is not a Reclib catalog (no schema version)`);
    return { schemaVersion, libraryId: readCatalogLibraryId(db) };
  } catch (err) {
    if (err instanceof BackupError) throw err;
    if (isCorruption(err)) throw new BackupError(`${file} is damaged itself (${errorMessage(err)})`);
    throw new BackupError(`${file} cannot be read as a catalog: ${errorMessage(err)}`);
  } finally {
    db?.close();
  }
}

function tempPath(root: string): string {
  return path.join(backupsDir(root), `${TEMP_PREFIX}${process.pid}-${globalThis.crypto.randomUUID().slice(0, 8)}${TEMP_SUFFIX}`);
}

/**
 * The copy keeps the source's WAL flag in its header; a backup is a single self-contained file,
 * so it is switched to rollback mode (which also leaves no -wal/-shm beside it).
 */
function makeStandalone(tmp: string): void {
  const db = new Database(tmp, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

function finish(root: string, tmp: string, at: Date): BackupFile {
  try {
    makeStandalone(tmp);
    fsyncFile(tmp);
    inspectCatalogFile(tmp);
    faultPoint('backup:verified');
    const dest = freeBackupPath(root, at);
    fs.renameSync(tmp, dest);
    fsyncDirSync(backupsDir(root));
    pruneBackups(root);
    return { path: dest, name: path.basename(dest), ...parseBackupName(path.basename(dest))! };
  } catch (err) {
    for (const f of [tmp, `${tmp}-journal`, `${tmp}-wal`, `${tmp}-shm`]) fs.rmSync(f, { force: true });
    throw err;
  }
}

/** A backup through SQLite's online backup API; other statements on `sqlite` run between its steps. */
export async function backupCatalog(sqlite: Database.Database, root: string, now = new Date()): Promise<BackupFile> {
  fs.mkdirSync(backupsDir(root), { recursive: true });
  const tmp = tempPath(root);
  try {
    await sqlite.backup(tmp);
  } catch (err) {
    for (const f of [tmp, `${tmp}-journal`]) fs.rmSync(f, { force: true });
    throw err;
  }
  return finish(root, tmp, now);
}

/** The same, synchronously (VACUUM INTO), for the schema upgrade inside the synchronous open. */
export function backupCatalogSync(sqlite: Database.Database, root: string, now = new Date()): BackupFile {
  fs.mkdirSync(backupsDir(root), { recursive: true });
  const tmp = tempPath(root);
  try {
    sqlite.prepare('VACUUM INTO ?').run(tmp);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return finish(root, tmp, now);
}

/**
 * The backup before a change the person may want to take back as a whole (a migration apply):
 * when it cannot be made, the change does not start.
 */
export async function backupBefore(sqlite: Database.Database, root: string, what: string): Promise<BackupFile> {
  try {
    return await backupCatalog(sqlite, root);
  } catch (err) {
    throw new BackupError(`Could not back up the catalog before ${what} (${errorMessage(err)}), so it did not start. Nothing was changed.`);
  }
}
