/**
 * The catalog checks itself on open, so a damaged catalog is named before any command trusts it
 * (4 KiB of garbage in the middle once made `import` say "profile 1 does not exist" and `scan`
 * call the library online).
 *
 * Cost, and why a stamp: PRAGMA quick_check reads every page. Measured here on a catalog of
 * 100,000 recordings (500,000 file rows, jobs and audit rows: 167 MB) it takes ~370 ms with the
 * file in the page cache on an idle machine, ~1.2 s on a busy one and ~2.3 s cold — every CLI
 * command would pay that, while the whole open otherwise takes ~2 ms. So quick_check runs fully
 * only when catalog.db is not the file last found healthy: after a passing check we record the
 * file's identity (device, inode, size, mtime and ctime in ns) in `catalog.db.checked`, and an
 * open that finds the same identity skips the page walk. Anything that writes into catalog.db —
 * the issue's garbage, a copy over it, a restore, a tool — changes its ctime, which no user-level
 * tool can set back, so the next open checks it fully. Our own writes reach catalog.db only at
 * checkpoints, so the first open after a write session pays once. What a stamp cannot see (bit
 * rot under an unchanged inode) SQLite reports as SQLITE_CORRUPT when it reads the page; the CLI
 * turns that into the same message and drops the stamp, and the daily backup's verification
 * finds it in a long-running app. A cheap header check (magic, page size, truncation) runs on
 * every open regardless.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { catalogDamagedMessage } from './backup-files';
import { errorMessage } from '@shared/errors';

export class CatalogDamagedError extends Error {
  override name = 'CatalogDamagedError';
  constructor(
    readonly root: string,
    readonly detail: string,
  ) {
    super(catalogDamagedMessage(root, detail));
  }
}

function codeOf(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
}

/** SQLite's own verdict that a file is not a sound database (raised by any statement). */
export function isCorruption(err: unknown): boolean {
  const code = codeOf(err);
  return code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB';
}

export function stampPath(file: string): string {
  return `${file}.checked`;
}

interface Identity {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
}

function identityOf(file: string): Identity | null {
  try {
    const s = fs.statSync(file, { bigint: true });
    return { dev: String(s.dev), ino: String(s.ino), size: String(s.size), mtimeNs: String(s.mtimeNs), ctimeNs: String(s.ctimeNs) };
  } catch {
    return null;
  }
}

const sameIdentity = (a: Identity, b: Identity) => a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;

function readStamp(file: string): Identity | null {
  try {
    const v = JSON.parse(fs.readFileSync(stampPath(file), 'utf8')) as Partial<Identity>;
    if ([v.dev, v.ino, v.size, v.mtimeNs, v.ctimeNs].every((x) => typeof x === 'string')) return v as Identity;
  } catch {
    // missing or torn: check fully
  }
  return null;
}

/** Forgets that the catalog was found healthy (after a restore, or when SQLite reported corruption). */
export function dropStamp(file: string): void {
  try {
    fs.rmSync(stampPath(file), { force: true });
  } catch {
    // a read-only library keeps its stamp; the identity no longer matches anyway
  }
}

function writeStamp(file: string, id: Identity): void {
  try {
    fs.writeFileSync(stampPath(file), JSON.stringify({ ...id, checkedAt: new Date().toISOString() }));
  } catch {
    // read-only library: it is checked fully on every open, which is all this saves
  }
}

function walBytes(file: string): number {
  try {
    return fs.statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

/**
 * What is wrong with catalog.db's header, or null. Cheap (100 bytes), run on every open. A main file
 * whose content still sits in the WAL (a new catalog killed before its first checkpoint) is left to
 * quick_check.
 */
export function headerProblem(file: string): string | null {
  const size = fs.statSync(file).size;
  const inWal = walBytes(file) > 0;
  if (size === 0) return inWal ? null : 'it is empty (0 bytes)';
  if (size < 100) return `it is too short to be a database (${size} bytes)`;
  const head = Buffer.alloc(100);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 100, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1', 0, 16) !== 'SQLite format 3\0') return 'it does not start with the SQLite header';
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return `its header names an impossible page size (${raw})`;
  const pages = head.readUInt32BE(28);
  const counterValid = head.readUInt32BE(24) === head.readUInt32BE(92);
  if (!inWal && counterValid && pages > 0 && pages * pageSize > size) return `it is truncated (${size} of ${pages * pageSize} bytes)`;
  return null;
}

function quickCheck(sqlite: Database.Database): string | null {
  try {
    const rows = sqlite.pragma('quick_check(3)') as { quick_check: string }[];
    if (rows.length === 1 && rows[0]!.quick_check === 'ok') return null;
    const text = rows.map((r) => r.quick_check.replace(/\s+/g, ' ').trim()).join('; ');
    return `integrity check: ${text.length > 240 ? `${text.slice(0, 240)}…` : text}`;
  } catch (err) {
    if (isCorruption(err)) return errorMessage(err);
    throw err;
  }
}

export interface CheckOptions {
  /** Check every page even when the stamp matches (catalog backup, restore, tests). */
  full?: boolean;
}

/**
 * Throws CatalogDamagedError when the catalog at `file` (open as `sqlite`) is damaged. `sqlite` may
 * be a private copy of `file` (a read-only library); the stamp always describes `file` itself.
 */
export function checkCatalog(sqlite: Database.Database, file: string, opts: CheckOptions = {}): void {
  const root = path.dirname(file);
  const before = identityOf(file);
  const stamp = readStamp(file);
  if (!opts.full && before && stamp && sameIdentity(before, stamp)) return;
  const problem = quickCheck(sqlite);
  if (problem) {
    dropStamp(file);
    throw new CatalogDamagedError(root, problem);
  }
  // A checkpoint by another process during the check changes the identity: then the stamp would
  // describe a file nobody checked, so none is written and the next open checks again.
  const after = identityOf(file);
  if (before && after && sameIdentity(before, after)) writeStamp(file, before);
}
