/**
 * A scan: walk (worker) -> reconcile (pure) -> confirm moves by hash -> apply to the catalog with
 * ledger-exact updates. The scanner is the truth; the watcher only asks for smaller scans sooner.
 * An offline library (root or catalog unreachable) is never changed: the report says so and stops.
 */
import { lstatSync } from 'node:fs';
import type { ScanReport } from '../../../../src-shared/channels/integrity';
import { updateFileFacts } from '../../quota/ledger';
import { PART_SUFFIX } from '../../storage/fsops';
import { hashFile } from '../../storage/hash';
import { toRelPath } from '../../storage/paths';
import type { Library } from '../library';
import { diskFacts, type DiskFact, reconcile, type Reconciled, type RowFact } from './reconcile';
import { runWalk, statPaths, type WalkResult } from './walk';

/** The folders whose files must all be registered (shared/ holds templates, temp/ scratch). */
export const DATA_TOPS = ['users', 'trash'];

export interface ScanOptions {
  apply?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: { current: string }) => void;
}

export interface ScanOutcome {
  report: ScanReport;
  reconciled: Reconciled | null;
}

const ROW_SQL = `SELECT f.id AS fileId, f.recording_id AS recordingId, f.profile_id AS profileId, f.kind, f.rel_path AS relPath,
                        f.size, f.mtime_ms AS mtimeMs, f.inode, f.hash, r.status AS recordingStatus
                   FROM files f LEFT JOIN recordings r ON r.id = f.recording_id`;

export function offlineReport(): ScanReport {
  return { state: 'offline', missing: [], orphans: [], changed: [], moved: [] };
}

type RawRow = [number, number | null, number, string, string, number, number, number | null, string];

/**
 * Every file row, read as plain arrays without the recordings join (the fastest read better-sqlite3
 * offers); the recording's status is looked up afterwards, only for the few rows that need it.
 */
export function loadRows(lib: Library): RowFact[] {
  const raw = lib.sqlite
    .prepare('SELECT id, recording_id, profile_id, kind, rel_path, size, mtime_ms, inode, hash FROM files')
    .raw(true)
    .all() as RawRow[];
  const out = new Array<RowFact>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i]!;
    out[i] = { fileId: r[0], recordingId: r[1], profileId: r[2], kind: r[3], relPath: r[4], size: r[5], mtimeMs: r[6], inode: r[7], hash: r[8], recordingStatus: null };
  }
  return out;
}

function fillStatuses(lib: Library, rec: Reconciled): void {
  const stmt = lib.sqlite.prepare('SELECT status FROM recordings WHERE id = ?').pluck();
  const cache = new Map<number, string | null>();
  const fill = (r: RowFact) => {
    if (r.recordingId === null) return;
    if (!cache.has(r.recordingId)) cache.set(r.recordingId, (stmt.get(r.recordingId) as string | undefined) ?? null);
    r.recordingStatus = cache.get(r.recordingId) ?? null;
  };
  rec.missing.forEach(fill);
  rec.changed.forEach((c) => fill(c.row));
  rec.moved.forEach((m) => fill(m.row));
}

export async function walkLibrary(lib: Library, signal?: AbortSignal): Promise<WalkResult> {
  return runWalk({ root: lib.root, tops: DATA_TOPS, partSuffix: PART_SUFFIX }, signal);
}

/** Full scan of the library. */
export async function scanLibrary(lib: Library, opts: ScanOptions = {}): Promise<ScanOutcome> {
  if (!lib.isOnline()) return { report: offlineReport(), reconciled: null };
  opts.onProgress?.({ current: 'walking the library' });
  const walking = walkLibrary(lib, opts.signal);
  // The catalog is read while the worker walks.
  const rows = loadRows(lib);
  const walked = await walking;
  // The root may have vanished during the walk; an empty walk of a vanished root must not read as "all missing".
  if (!lib.isOnline()) return { report: offlineReport(), reconciled: null };
  const { files, emptyDirs } = diskFacts(walked);
  opts.onProgress?.({ current: 'comparing with the catalog' });
  const rec = reconcile(rows, files, emptyDirs);
  await confirmMoves(lib, rec, opts.signal);
  fillStatuses(lib, rec);
  const report = toReport(rec);
  if (opts.apply !== false && !lib.readonly) applyReconciled(lib, rec, await rehashChanged(lib, rec, opts.signal), true);
  return { report, reconciled: rec };
}

/** A small scan of the paths a watcher batch named (plus rows under those paths). */
export async function scanPaths(lib: Library, rels: string[], signal?: AbortSignal): Promise<ScanReport> {
  if (!lib.isOnline() || lib.readonly) return offlineReport();
  const wanted = [...new Set(rels)].filter((r) => DATA_TOPS.some((t) => r.startsWith(`${t}/`)));
  if (!wanted.length) return { state: 'online', missing: [], orphans: [], changed: [], moved: [] };
  const stmt = lib.sqlite.prepare(`${ROW_SQL} WHERE f.rel_path = ?`);
  const rows: RowFact[] = [];
  for (const r of wanted) {
    const row = stmt.get(r) as RowFact | undefined;
    if (row) rows.push(row);
  }
  const { files } = diskFacts(statPaths(lib.root, wanted));
  if (!lib.isOnline()) return offlineReport();
  const rec = reconcile(rows, files);
  await confirmMoves(lib, rec, signal);
  const touched = new Set(rows.map((r) => r.recordingId).filter((x): x is number => x !== null));
  applyReconciled(lib, rec, await rehashChanged(lib, rec, signal), false, touched);
  return toReport(rec);
}

async function confirmMoves(lib: Library, rec: Reconciled, signal?: AbortSignal): Promise<void> {
  const taken = new Set(rec.moved.map((m) => m.disk.rel));
  for (const c of rec.candidates) {
    let found: DiskFact | null = null;
    for (const d of c.disks) {
      if (taken.has(d.rel)) continue;
      const facts = await hashFile(lib.paths.abs(d.rel), { signal }).catch(() => null);
      if (facts && facts.hash === c.row.hash && facts.size === c.row.size) {
        found = d;
        break;
      }
    }
    if (found) {
      taken.add(found.rel);
      rec.moved.push({ row: c.row, disk: found });
    } else rec.missing.push(c.row);
  }
  rec.candidates = [];
  rec.orphans = rec.orphans.filter((o) => !taken.has(o.rel));
}

type Rehashed = Map<number, { hash: string; size: number } | null>;

async function rehashChanged(lib: Library, rec: Reconciled, signal?: AbortSignal): Promise<Rehashed> {
  const out: Rehashed = new Map();
  for (const c of rec.changed) out.set(c.row.fileId, await hashFile(lib.paths.abs(c.row.relPath), { signal }).catch(() => null));
  return out;
}

function toReport(rec: Reconciled): ScanReport {
  const idOf = (r: RowFact) => r.recordingId ?? r.fileId;
  return {
    state: 'online',
    missing: rec.missing.map((r) => ({ id: idOf(r), path: r.relPath })),
    orphans: rec.orphans.map((o) => ({ path: o.rel, size: o.size })),
    changed: rec.changed.map((c) => ({ id: idOf(c.row), path: c.row.relPath, size: c.disk.size })),
    moved: rec.moved.map((m) => ({ id: idOf(m.row), from: m.row.relPath, to: m.disk.rel })),
  };
}

/**
 * Writes a reconciliation to the catalog in one transaction: new facts for changed and moved
 * files (ledger-exact), `missing` for recordings with a file gone, and back to their previous
 * status for recordings whose files are all there again.
 */
export function applyReconciled(lib: Library, rec: Reconciled, rehashed: Rehashed, full: boolean, touched: Set<number> = new Set()): void {
  if (!lib.isOnline()) return;
  const now = Date.now();
  let changes = 0;
  const ids = new Set<number>();
  // The walk is a snapshot; jobs may have moved files or rows since. Every fact is checked again
  // against the catalog (same row, same path, same size) and the disk right before it is applied.
  const rowNow = lib.sqlite.prepare('SELECT rel_path AS relPath, size FROM files WHERE id = ?');
  const stillRow = (fileId: number, relPath: string, size: number) => {
    const r = rowNow.get(fileId) as { relPath: string; size: number } | undefined;
    return r !== undefined && r.relPath === relPath && r.size === size;
  };
  const onDisk = (rel: string) => {
    try {
      return lstatSync(lib.paths.abs(rel));
    } catch {
      return null;
    }
  };
  lib.sqlite.transaction(() => {
    for (const c of rec.changed) {
      const facts = rehashed.get(c.row.fileId);
      if (!facts) continue;
      if (!stillRow(c.row.fileId, c.row.relPath, c.row.size) || onDisk(c.row.relPath)?.size !== facts.size) continue;
      updateFileFacts(lib.sqlite, c.row.fileId, { size: facts.size, mtimeMs: c.disk.mtimeMs, inode: c.disk.ino, hash: facts.hash }, c.row.recordingStatus === 'trashed');
      if (c.row.kind === 'source' && c.row.recordingId !== null) lib.sqlite.prepare('UPDATE recordings SET size_bytes = ? WHERE id = ?').run(facts.size, c.row.recordingId);
      if (c.row.recordingId !== null) ids.add(c.row.recordingId);
      changes++;
    }
    for (const m of rec.moved) {
      if (!stillRow(m.row.fileId, m.row.relPath, m.row.size) || onDisk(m.row.relPath) !== null || onDisk(m.disk.rel) === null) continue;
      updateFileFacts(
        lib.sqlite,
        m.row.fileId,
        { size: m.row.size, mtimeMs: m.disk.mtimeMs, inode: m.disk.ino, hash: m.row.hash, relPath: toRelPath(m.disk.rel) },
        m.row.recordingStatus === 'trashed',
      );
      if (m.row.recordingId !== null) ids.add(m.row.recordingId);
      changes++;
    }
    const missingByRec = new Map<number, string>();
    for (const r of rec.missing) {
      if (r.recordingId === null || missingByRec.has(r.recordingId)) continue;
      if (!stillRow(r.fileId, r.relPath, r.size) || onDisk(r.relPath) !== null) continue;
      missingByRec.set(r.recordingId, r.relPath);
    }
    // A recording being imported or processed has its files replaced by its own job, which owns them meanwhile.
    const mark = lib.sqlite.prepare(
      `UPDATE recordings SET previous_status = CASE WHEN status = 'missing' THEN previous_status ELSE status END,
              status = 'missing', status_reason = ?, updated_at = ?
        WHERE id = ? AND status NOT IN ('trashed', 'importing', 'processing')`,
    );
    for (const [id, rel] of missingByRec) {
      changes += mark.run(`a file is gone from the library folder: ${rel}`, now, id).changes;
      ids.add(id);
    }
    // Heal: a recording marked missing whose files are all back.
    const candidates = full
      ? (lib.sqlite.prepare("SELECT id FROM recordings WHERE status = 'missing'").all() as { id: number }[]).map((r) => r.id)
      : [...touched];
    const heal = lib.sqlite.prepare(
      "UPDATE recordings SET status = COALESCE(previous_status, 'ready'), previous_status = NULL, status_reason = NULL, updated_at = ? WHERE id = ? AND status = 'missing'",
    );
    for (const id of candidates) {
      if (missingByRec.has(id)) continue;
      if (!full && stillMissing(lib, id)) continue;
      const n = heal.run(now, id).changes;
      if (n) ids.add(id);
      changes += n;
    }
  })();
  if (changes) lib.events.emit('library:changed', { reason: 'scan', recordingIds: [...ids] });
}

/** For partial scans: whether any registered file of the recording is absent on disk. */
function stillMissing(lib: Library, recordingId: number): boolean {
  const rows = lib.sqlite.prepare('SELECT rel_path AS p FROM files WHERE recording_id = ?').all(recordingId) as { p: string }[];
  return statPaths(lib.root, rows.map((r) => r.p)).paths.length !== rows.length;
}
