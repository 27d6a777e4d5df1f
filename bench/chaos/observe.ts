/**
 * What the harness sees for itself, without asking the CLI: the catalog read straight from SQLite
 * (read-only connection, closed right away), the files on disk with their xxh3 hashes, and the
 * traces an interrupted write leaves (part files, journal rows, job scratch, rows in transit).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { xxh3 } from '@node-rs/xxhash';

export const PART_SUFFIX = '.reclib-part';

export interface RecordingFact {
  id: number;
  status: string;
  profileId: number;
  name: string;
}

export interface FileRowFact {
  recordingId: number | null;
  kind: string;
  relPath: string;
  size: number;
  hash: string;
}

export interface CatalogView {
  recordings: RecordingFact[];
  files: FileRowFact[];
  journal: { id: number; op: string; step: string; runId: string | null }[];
  runs: { id: string; state: string; mediaDir: string }[];
  /** Jobs a killed command left running or queued: the next open marks them interrupted. */
  liveJobs: { id: number; kind: string; state: string }[];
  /** The logical content: every row of every table (the audit log aside), hashed. */
  digest: string;
}

/** Tables whose rows are history, not state: a refused command may add a line there. */
const NOT_STATE = new Set(['audit_log']);

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * Reads the catalog, or null when it cannot be read. It reads a copy (catalog.db and its WAL, taken
 * while no command runs): even a read-only SQLite connection leaves -wal/-shm files behind, and a
 * library the harness has touched must look exactly as the CLI left it (a read-only mount without
 * -shm is one of the cases under test).
 */
export function readCatalog(root: string): CatalogView | null {
  const file = path.join(root, 'catalog.db');
  if (!fs.existsSync(file)) return null;
  const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reclib-chaos-catalog-'));
  let db: Database.Database;
  try {
    fs.copyFileSync(file, path.join(copyDir, 'catalog.db'));
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, path.join(copyDir, 'catalog.db-wal'));
    db = new Database(path.join(copyDir, 'catalog.db'), { fileMustExist: true });
  } catch {
    fs.rmSync(copyDir, { recursive: true, force: true });
    return null;
  }
  try {
    const recordings = tableExists(db, 'recordings')
      ? (db.prepare('SELECT id, status, profile_id AS profileId, display_name AS name FROM recordings ORDER BY id').all() as RecordingFact[])
      : [];
    const files = tableExists(db, 'files')
      ? (db.prepare('SELECT recording_id AS recordingId, kind, rel_path AS relPath, size, hash FROM files ORDER BY id').all() as FileRowFact[])
      : [];
    const journal = tableExists(db, 'journal')
      ? (db.prepare('SELECT id, op, step, run_id AS runId FROM journal ORDER BY id').all() as CatalogView['journal'])
      : [];
    const runs = tableExists(db, 'migration_runs')
      ? (db.prepare('SELECT id, state, media_dir AS mediaDir FROM migration_runs ORDER BY started_at, id').all() as CatalogView['runs'])
      : [];
    const liveJobs = tableExists(db, 'jobs')
      ? (db.prepare("SELECT id, kind, state FROM jobs WHERE state IN ('running', 'queued') ORDER BY id").all() as CatalogView['liveJobs'])
      : [];
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[])
      .map((t) => t.name)
      .filter((t) => !NOT_STATE.has(t));
    const parts: string[] = [];
    for (const t of tables) {
      let rows: unknown[];
      try {
        const name = `"${t.replaceAll('"', '""')}"`;
        const width = (db.pragma(`table_info(${name})`) as unknown[]).length;
        const order = Array.from({ length: Math.max(1, width) }, (_, i) => i + 1).join(', ');
        rows = db.prepare(`SELECT * FROM ${name} ORDER BY ${order}`).raw(true).all();
      } catch {
        continue; // a virtual table whose module this connection lacks
      }
      parts.push(`${t}\n${JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : typeof v === 'bigint' ? v.toString() : v))}`);
    }
    return { recordings, files, journal, runs, liveJobs, digest: hashString(parts.join('\n')) };
  } catch {
    return null;
  } finally {
    db.close();
    fs.rmSync(copyDir, { recursive: true, force: true });
  }
}

export function hashString(s: string): string {
  return `xxh3:${xxh3.xxh64(s).toString(16).padStart(16, '0')}`;
}

/**
 * The same content hash as the catalog's (xxh3-64, seed 0), from another implementation than the
 * app's (@node-rs/xxhash, not xxhash-addon): the observer does not share the code it checks.
 */
export function hashFileSync(file: string): string {
  const h = xxh3.Xxh3.withSeed();
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return `xxh3:${h.digest().toString(16).padStart(16, '0')}`;
}

export interface DiskFile {
  abs: string;
  size: number;
  mtimeMs: number;
  ino: number;
}

/** Regular files below a folder (links are not followed), with their facts. */
export function walk(root: string, out: DiskFile[] = []): DiskFile[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) {
      try {
        const st = fs.lstatSync(p);
        out.push({ abs: p, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino });
      } catch {
        // vanished between readdir and lstat
      }
    }
  }
  return out;
}

/** Hashes with a cache keyed by the file's facts: a check re-reads only what changed. */
export class HashCache {
  private cache = new Map<string, { key: string; hash: string }>();

  hash(f: DiskFile): string | null {
    const key = `${f.size}:${f.mtimeMs}:${f.ino}`;
    const hit = this.cache.get(f.abs);
    if (hit && hit.key === key) return hit.hash;
    try {
      const hash = hashFileSync(f.abs);
      this.cache.set(f.abs, { key, hash });
      return hash;
    } catch {
      return null;
    }
  }
}

/** Where each content is, over the given folders (part files are never a place a file "is"). */
export function contentIndex(places: string[], cache: HashCache): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const place of places) {
    for (const f of walk(place)) {
      if (f.abs.endsWith(PART_SUFFIX)) continue;
      const h = cache.hash(f);
      if (h) index.set(h, [...(index.get(h) ?? []), f.abs]);
    }
  }
  return index;
}

/** Paths, sizes and mtimes of the library's data folders: what a read-only command must not change. */
export function layoutDigest(root: string): string {
  const lines: string[] = [];
  for (const top of ['users', 'trash', 'shared']) {
    for (const f of walk(path.join(root, top))) lines.push(`${path.relative(root, f.abs)}\t${f.size}\t${Math.round(f.mtimeMs)}`);
  }
  return hashString(lines.sort().join('\n'));
}

/**
 * Traces of unfinished work: part files anywhere in the trial, journal rows (a migration's only
 * while its run is applying or undoing: an applied run keeps its rows for the undo), rows in
 * transit, non-empty job scratch folders. Keys name the step, so progress shows as new keys.
 */
export function traces(trialRoot: string, libRoot: string, cat: CatalogView | null): Set<string> {
  const out = new Set<string>();
  for (const f of walk(trialRoot)) if (f.abs.endsWith(PART_SUFFIX)) out.add(`part file ${path.relative(trialRoot, f.abs)}`);
  if (cat) {
    const active = new Set(cat.runs.filter((r) => r.state === 'applying' || r.state === 'undoing').map((r) => r.id));
    for (const j of cat.journal) if (j.op !== 'migrate' || (j.runId !== null && active.has(j.runId))) out.add(`journal row ${j.id} ${j.op}/${j.step}`);
    for (const r of cat.recordings) if (r.status === 'importing' || r.status === 'processing') out.add(`recording #${r.id} ${r.status}`);
    for (const r of cat.runs) if (active.has(r.id)) out.add(`migration run ${r.id} ${r.state}`);
    for (const j of cat.liveJobs) out.add(`job #${j.id} ${j.kind} ${j.state}`);
  }
  const temp = path.join(libRoot, 'temp');
  for (const uid of listDir(temp)) {
    for (const job of listDir(path.join(temp, uid))) {
      const dir = path.join(temp, uid, job);
      if (walk(dir).length > 0) out.add(`job scratch temp/${uid}/${job}`);
    }
  }
  return out;
}

/** A folder's entries, or none when it is not there. */
export function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}
