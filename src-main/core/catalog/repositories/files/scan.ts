/**
 * What the integrity scanner reads and checks of the files table. A full scan compares every row
 * with the disk, so the bulk reads are built for speed: plain arrays, no join, the recordings'
 * statuses looked up afterwards only for the few rows that need one (recordings-scan.ts).
 */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';

/** A file row as the scanner compares it with the disk. */
export interface ScannedFile {
  fileId: number;
  recordingId: number | null;
  profileId: number;
  kind: string;
  relPath: string;
  size: number;
  mtimeMs: number;
  inode: number | null;
  hash: string;
  /** Filled by the caller when needed (null for a file of no recording). */
  recordingStatus: string | null;
}

const ALL_FILES = 'SELECT id, recording_id, profile_id, kind, rel_path, size, mtime_ms, inode, hash FROM files';

type RawRow = [number, number | null, number, string, string, number, number, number | null, string];

function toFiles(raw: RawRow[]): ScannedFile[] {
  const out = new Array<ScannedFile>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i]!;
    out[i] = { fileId: r[0], recordingId: r[1], profileId: r[2], kind: r[3], relPath: r[4], size: r[5], mtimeMs: r[6], inode: r[7], hash: r[8], recordingStatus: null };
  }
  return out;
}

/**
 * Reads as plain arrays (the fastest read better-sqlite3 offers). The statement is cached per
 * connection, so its raw mode is switched back off afterwards: whoever shares the text gets objects.
 */
function readRaw(sqlite: Database.Database, sql: string, ...params: string[]): RawRow[] {
  const s = stmt(sqlite, sql);
  s.raw(true);
  try {
    return s.all(...params) as RawRow[];
  } finally {
    s.raw(false);
  }
}

/** Every file row, without the recordings join. */
export function listScannedFiles(sqlite: Database.Database): ScannedFile[] {
  return toFiles(readRaw(sqlite, ALL_FILES));
}

/** The rows below one folder: a range read on the rel_path index ('0' is the character after '/'). */
export function listScannedFilesUnder(sqlite: Database.Database, folder: string): ScannedFile[] {
  return toFiles(readRaw(sqlite, `${ALL_FILES} WHERE rel_path >= ? AND rel_path < ?`, `${folder}/`, `${folder}0`));
}

/** The row registered at one path, with its recording's status (null when no row is there). */
export function scannedFileAt(sqlite: Database.Database, relPath: string): ScannedFile | null {
  const row = stmt(
    sqlite,
    `SELECT f.id AS fileId, f.recording_id AS recordingId, f.profile_id AS profileId, f.kind, f.rel_path AS relPath,
            f.size, f.mtime_ms AS mtimeMs, f.inode, f.hash, r.status AS recordingStatus
       FROM files f LEFT JOIN recordings r ON r.id = f.recording_id WHERE f.rel_path = ?`,
  ).get(relPath) as ScannedFile | undefined;
  return row ?? null;
}

/** Where a file row is now and how big it is (null when the row is gone). */
export function filePlace(sqlite: Database.Database, fileId: number): { relPath: string; size: number } | null {
  const row = stmt(sqlite, 'SELECT rel_path AS relPath, size FROM files WHERE id = ?').get(fileId) as { relPath: string; size: number } | undefined;
  return row ?? null;
}

export function isPathRegistered(sqlite: Database.Database, relPath: string): boolean {
  return stmt(sqlite, 'SELECT 1 FROM files WHERE rel_path = ?').get(relPath) !== undefined;
}

/** The paths of every file registered to a recording. */
export function recordingFilePaths(sqlite: Database.Database, recordingId: number): string[] {
  return (stmt(sqlite, 'SELECT rel_path AS relPath FROM files WHERE recording_id = ?').all(recordingId) as { relPath: string }[]).map((r) => r.relPath);
}

/**
 * The files of recordings expected to be on disk: not already `missing`, trashed, or owned by a
 * job. What the scan's mass-missing share is taken of.
 */
export function countPresentFiles(sqlite: Database.Database): number {
  return (
    stmt(sqlite, "SELECT COUNT(*) AS n FROM files f JOIN recordings r ON r.id = f.recording_id WHERE r.status NOT IN ('missing', 'trashed', 'importing', 'processing')").get() as {
      n: number;
    }
  ).n;
}

export function countFiles(sqlite: Database.Database): number {
  return (stmt(sqlite, 'SELECT COUNT(*) AS n FROM files').get() as { n: number }).n;
}
