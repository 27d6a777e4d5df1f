/**
 * The catalog's backups: `<library>/backups/catalog-<UTC time>Z.db`, newest kept, the last
 * KEEP_BACKUPS retained. This module only names, lists and prunes them (plain fs), and words the
 * message that sends a person to the newest one when the catalog is damaged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { shellArg } from '../log/command-hint';

export const BACKUPS_DIR = 'backups';
export const KEEP_BACKUPS = 7;
export const TEMP_PREFIX = '.catalog-';
export const TEMP_SUFFIX = '.db.tmp';

const NAME = /^catalog-(\d{4})-(\d{2})-(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-(\d+))?\.db$/;

export interface BackupFile {
  path: string;
  name: string;
  /** When it was made (from the name, UTC, whole seconds). */
  at: Date;
  /** Tie-breaker for two backups in the same second. */
  seq: number;
}

export function backupsDir(root: string): string {
  return path.join(root, BACKUPS_DIR);
}

/** catalog-2026-12-02T063000Z.db, or catalog-2026-12-02T063000Z-2.db for the third in that second. */
export function backupName(at: Date, seq = 0): string {
  const iso = at.toISOString(); // 2026-12-02T06:30:00.123Z
  const stamp = `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return `catalog-${stamp}${seq ? `-${seq}` : ''}.db`;
}

export function parseBackupName(name: string): { at: Date; seq: number } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, seq] = m;
  const at = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
  return Number.isNaN(at.getTime()) ? null : { at, seq: seq ? Number(seq) : 0 };
}

/** Our backups in the library, newest first; none when the folder is missing or unreadable. */
export function listBackups(root: string): BackupFile[] {
  const dir = backupsDir(root);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupFile[] = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (parsed) out.push({ path: path.join(dir, name), name, ...parsed });
  }
  return out.sort((a, b) => b.at.getTime() - a.at.getTime() || b.seq - a.seq);
}

export function newestBackup(root: string): BackupFile | null {
  return listBackups(root)[0] ?? null;
}

/** A free name for a backup made at `at` (a second backup in the same second gets -1, -2, ...). */
export function freeBackupPath(root: string, at: Date): string {
  for (let seq = 0; ; seq++) {
    const p = path.join(backupsDir(root), backupName(at, seq));
    if (!fs.existsSync(p)) return p;
  }
}

/**
 * Keeps the newest `keep` backups and removes the rest, plus temp files of backups that were
 * killed before they finished (older than an hour, so a backup running in another process is
 * never touched). Only names we write are considered; anything else in the folder stays.
 */
export function pruneBackups(root: string, keep = KEEP_BACKUPS, now = Date.now()): string[] {
  const removed: string[] = [];
  for (const b of listBackups(root).slice(keep)) {
    fs.rmSync(b.path, { force: true });
    removed.push(b.path);
  }
  const dir = backupsDir(root);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX) || !name.endsWith(TEMP_SUFFIX)) continue;
    const p = path.join(dir, name);
    try {
      if (now - fs.statSync(p).mtimeMs > 3_600_000) {
        fs.rmSync(p, { force: true });
        removed.push(p);
      }
    } catch {
      // gone already
    }
  }
  return removed;
}

/** The one message for a damaged catalog: what happened, that the files are safe, and the way back. */
export function catalogDamagedMessage(root: string, detail: string): string {
  const newest = newestBackup(root);
  const head = `catalog.db is damaged (${detail}). Your files are untouched.`;
  if (newest) {
    // A backup is the catalog as it was then: what was imported after it is on disk but not in it.
    const made = `${newest.at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    return (
      `${head} Restore the latest backup (made ${made}) with \`reclib catalog restore ${shellArg(newest.path)} --library ${shellArg(root)}\`` +
      ` (or an older one from ${backupsDir(root)}). Recordings imported after it are still in their folders:` +
      ' the restore registers them again (with their names and tags while this catalog can still be read).'
    );
  }
  return (
    `${head} There is no backup in ${backupsDir(root)} to restore: copy the whole library folder somewhere safe first, ` +
    'then try to salvage catalog.db with the sqlite3 tool (`sqlite3 catalog.db .recover`).'
  );
}
