/**
 * A scan: walk (worker) -> reconcile (pure) -> confirm moves by hash -> apply to the catalog with
 * ledger-exact updates. The scanner is the truth; the watcher only asks for smaller scans sooner.
 *
 * A scan changes the catalog only when the library is proven online (identity.ts) before and after
 * the walk, and when what it found is not itself the picture of a vanished disk: more than
 * MASS_MISSING_SHARE of the files going missing at once makes the library `degraded`, and then the
 * report says so and nothing is applied. Missing files only ever mark their recording `missing`.
 */
import { lstatSync } from 'node:fs';
import type { ScanReport } from '@shared/channels/integrity';
import { writeAudit } from '@core/catalog/repositories/audit';
import { addFile, updateFileFacts } from '@core/catalog/repositories/files/ledger';
import {
  countPresentFiles,
  filePlace,
  isPathRegistered,
  listScannedFiles,
  listScannedFilesUnder,
  recordingFilePaths,
  scannedFileAt,
} from '@core/catalog/repositories/files/scan';
import {
  healRecording,
  listMissingRecordingIds,
  markRecordingMissing,
  recordingOwner,
  recordingStatus,
  setRecordingSize,
} from '@core/catalog/repositories/recordings/scan';
import { PART_SUFFIX } from '@core/storage/fsops';
import { toRelPath } from '@core/storage/paths';
import { type Availability, checkAvailability, ONLINE } from '@core/catalog/availability';
import type { Library } from '@core/catalog/library';
import { expectWrite } from '@core/storage/expected-writes';
import { type Classified, classifyOrphans } from './classify';
import { confirmMoves, hashAttachables, type HashedAttachable, rehashChanged, type Rehashed } from './hash-facts';
import { diskFacts, reconcile, type Reconciled, type RowFact } from './reconcile';
import { runWalk, statPaths, type WalkResult } from '@core/storage/walk';
import { indexTranscriptFile } from '@core/transcripts/search';
import { letGoDeletedSideFiles } from './side-files';
import { rereadEdited, rereadLater } from '../reread-transcript';
import { adoptForgotten, forgottenReport, setAsideCopies } from '../adopt/adopt';

/** The folders whose files must all be registered (shared/ holds templates, temp/ scratch). */
export const DATA_TOPS = ['users', 'trash'];

/**
 * More than this share of the files of present recordings going missing in one scan is what an
 * unmounted disk or a half-synced share looks like, not what a person does: the scan stops there.
 */
export const MASS_MISSING_SHARE = 0.2;
/**
 * ...and only when the files belong to at least this many recordings. A person tidying up by hand
 * removes one or two recordings' folders (each up to ~10 files: source, video, audio, poster,
 * transcripts), which in a small library is easily more than 20 % of its files; marking those
 * missing is harmless (reversible, nothing is removed), while never marking them would leave a
 * three-recording library "degraded" for good after one deletion.
 */
export const MASS_MISSING_MIN_RECORDINGS = 3;

export interface ScanOptions {
  apply?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: { current: string }) => void;
  /** Scan only these folders (relative, inside users/ or trash/); the rest of the library is not looked at. */
  under?: string[];
}

export interface ScanOutcome {
  report: ScanReport;
  reconciled: Reconciled | null;
  /** Unregistered files sorted into attachable / unknown / other (null when not online). */
  classified: Classified | null;
}

const emptyLists = () => ({ missing: [], orphans: [], unknown: [], attached: [], released: [], changed: [], moved: [], adopted: [] });

/** The report of a scan that looked at nothing because the library is not online. */
export function unavailableReport(a: Availability): ScanReport {
  return { state: a.state, reason: a.reason, ...emptyLists() };
}

export function offlineReport(reason = 'the library folder or its catalog cannot be reached'): ScanReport {
  return unavailableReport({ state: 'offline', reason });
}

/**
 * Every file row, without the recordings join; the recording's status is looked up afterwards,
 * only for the few rows that need it.
 */
export function loadRows(lib: Library): RowFact[] {
  return listScannedFiles(lib.sqlite);
}

/** The rows below some folders (each row once). */
function loadRowsUnder(lib: Library, folders: string[]): RowFact[] {
  const seen = new Set<number>();
  const out: RowFact[] = [];
  for (const f of folders) for (const r of listScannedFilesUnder(lib.sqlite, f)) if (!seen.has(r.fileId) && seen.add(r.fileId)) out.push(r);
  return out;
}

/** Checks the folders of a partial scan: inside users/ or trash/, no duplicates, none inside another. */
export function checkScanFolders(folders: string[]): string[] {
  const clean = [...new Set(folders.map((f) => toRelPath(f.replace(/\/+$/, ''))))];
  for (const f of clean) {
    if (!DATA_TOPS.some((t) => f === t || f.startsWith(`${t}/`))) throw new Error(`${f} is not inside users/ or trash/ of the library`);
  }
  return clean.filter((f) => !clean.some((g) => g !== f && f.startsWith(`${g}/`)));
}

function fillStatuses(lib: Library, rec: Reconciled): void {
  const cache = new Map<number, string | null>();
  const fill = (r: RowFact) => {
    if (r.recordingId === null) return;
    if (!cache.has(r.recordingId)) cache.set(r.recordingId, recordingStatus(lib.sqlite, r.recordingId));
    r.recordingStatus = cache.get(r.recordingId) ?? null;
  };
  rec.missing.forEach(fill);
  rec.changed.forEach((c) => fill(c.row));
  rec.moved.forEach((m) => fill(m.row));
}

export async function walkLibrary(lib: Library, signal?: AbortSignal, tops: string[] = DATA_TOPS): Promise<WalkResult> {
  return runWalk({ root: lib.root, tops, partSuffix: PART_SUFFIX }, signal);
}

/**
 * Whether the rows a scan found missing are the picture of a vanished disk. Only files of recordings
 * expected to be there count (already `missing`, trashed, or owned by a job: not news); the share is
 * of the whole library, so a partial scan of one folder is judged like a full one.
 */
export function massMissingVerdict(lib: Library, missing: RowFact[]): Availability {
  const fresh = missing.filter((r) => r.recordingId !== null && r.recordingStatus !== null && !['missing', 'trashed', 'importing', 'processing'].includes(r.recordingStatus));
  const owners = new Set(fresh.map((r) => r.recordingId)).size;
  if (owners < MASS_MISSING_MIN_RECORDINGS) return ONLINE;
  const total = countPresentFiles(lib.sqlite);
  if (fresh.length <= MASS_MISSING_SHARE * total) return ONLINE;
  return {
    state: 'degraded',
    reason: `${fresh.length} of ${total} files (of ${owners} recordings) went missing at once, e.g. ${fresh[0]!.relPath}`,
  };
}

/** Rows under folders the walk could not read are unknown, not missing: they are left as they are. */
function dropUnreadable(lib: Library, rec: Reconciled, errors: string[]): void {
  if (!errors.length) return;
  const under = (rel: string) => errors.some((e) => rel.startsWith(`${e}/`));
  const kept = rec.missing.filter((r) => !under(r.relPath));
  if (kept.length !== rec.missing.length) lib.log.warn('folders could not be read; their files are left as they are', { folders: errors.slice(0, 10).join(', ') });
  rec.missing = kept;
}

/** A scan of the whole library, or of some folders of it (`under`). */
export async function scanLibrary(lib: Library, opts: ScanOptions = {}): Promise<ScanOutcome> {
  const before = checkAvailability(lib);
  if (before.state !== 'online') return { report: unavailableReport(before), reconciled: null, classified: null };
  const folders = opts.under ? checkScanFolders(opts.under) : null;
  opts.onProgress?.({ current: 'walking the library' });
  const walking = walkLibrary(lib, opts.signal, folders ?? DATA_TOPS);
  // The catalog is read while the worker walks.
  const rows = folders ? loadRowsUnder(lib, folders) : loadRows(lib);
  const walked = await walking;
  // The disk may have gone during the walk; an empty walk of a vanished disk must not read as "all missing".
  const after = checkAvailability(lib);
  if (after.state !== 'online') return { report: unavailableReport(after), reconciled: null, classified: null };
  const { files, emptyDirs } = diskFacts(walked);
  opts.onProgress?.({ current: 'comparing with the catalog' });
  const rec = reconcile(rows, files, emptyDirs);
  await confirmMoves(lib, rec, opts.signal);
  fillStatuses(lib, rec);
  dropUnreadable(lib, rec, walked.errors);
  const classified = classifyOrphans(lib.sqlite, rec.orphans, strayedFiles(rec));
  await setAsideCopies(lib, classified, opts.signal);
  const verdict = massMissingVerdict(lib, vanished(rec));
  const report = toReport(rec, classified, verdict);
  if (verdict.state === 'online' && opts.apply !== false && !lib.readonly) {
    const touched = new Set(folders ? rows.map((r) => r.recordingId).filter((x): x is number => x !== null) : []);
    const rehashed = await rehashChanged(lib, rec, opts.signal);
    const hashed = await hashAttachables(lib, classified.attachable, opts.signal);
    const applied = applyReconciled(lib, rec, rehashed, folders ? 'touched' : 'all', touched, hashed);
    const done = await afterApply(lib, report, applied);
    // Only a whole-library scan adopts: a partial one sees too little to tell a forgotten recording.
    if (!folders && classified.forgotten.length) opts.onProgress?.({ current: `registering ${classified.forgotten.length} recording(s) the catalog did not know` });
    const adopted = folders ? [] : await adoptForgotten(lib, classified.forgotten, opts.signal);
    return { report: { ...done, adopted }, reconciled: rec, classified };
  }
  return { report, reconciled: rec, classified };
}

/** A small scan of the paths a watcher batch named (plus rows under those paths). */
export async function scanPaths(lib: Library, rels: string[], signal?: AbortSignal): Promise<ScanReport> {
  if (lib.readonly) return offlineReport('the library is open read-only');
  const before = checkAvailability(lib);
  if (before.state !== 'online') return unavailableReport(before);
  const wanted = [...new Set(rels)].filter((r) => DATA_TOPS.some((t) => r.startsWith(`${t}/`)));
  if (!wanted.length) return { state: 'online', reason: null, ...emptyLists() };
  const rows: RowFact[] = [];
  for (const r of wanted) {
    const row = scannedFileAt(lib.sqlite, r);
    if (row) rows.push(row);
  }
  const { files } = diskFacts(statPaths(lib.root, wanted));
  const after = checkAvailability(lib);
  if (after.state !== 'online') return unavailableReport(after);
  const rec = reconcile(rows, files);
  await confirmMoves(lib, rec, signal);
  fillStatuses(lib, rec);
  const classified = classifyOrphans(lib.sqlite, rec.orphans, strayedFiles(rec));
  await setAsideCopies(lib, classified, signal);
  const verdict = massMissingVerdict(lib, vanished(rec));
  const report = toReport(rec, classified, verdict);
  if (verdict.state !== 'online') return report;
  const touched = new Set(rows.map((r) => r.recordingId).filter((x): x is number => x !== null));
  const rehashed = await rehashChanged(lib, rec, signal);
  const hashed = await hashAttachables(lib, classified.attachable, signal);
  return afterApply(lib, report, applyReconciled(lib, rec, rehashed, 'touched', touched, hashed));
}

/** Files of a known recording found in another folder (moved by hand): never a forgotten recording of their own. */
function strayedFiles(rec: Reconciled): Set<string> {
  return new Set(rec.strayed.map((s) => s.disk.rel));
}

/** Missing rows whose file is nowhere: one found elsewhere in the library is evidence the disk is there, not that it went. */
function vanished(rec: Reconciled): RowFact[] {
  return rec.strayed.length ? rec.missing.filter((r) => strayedTo(rec, r) === undefined) : rec.missing;
}

/** Where a missing row's file was found outside its recording's folder, if it was. */
function strayedTo(rec: Reconciled, row: RowFact): string | undefined {
  return rec.strayed.find((s) => s.row.fileId === row.fileId)?.disk.rel;
}

function toReport(rec: Reconciled, c: Classified, verdict: Availability): ScanReport {
  const idOf = (r: RowFact) => r.recordingId ?? r.fileId;
  const unregistered = [...c.unknown, ...c.other];
  return {
    state: verdict.state,
    reason: verdict.reason,
    missing: rec.missing.map((r) => {
      const at = strayedTo(rec, r);
      return at === undefined ? { id: idOf(r), path: r.relPath } : { id: idOf(r), path: r.relPath, at };
    }),
    orphans: unregistered.map((o) => ({ path: o.rel, size: o.size })).sort((a, b) => a.path.localeCompare(b.path)),
    unknown: c.unknown.map((o) => ({ path: o.rel, size: o.size })),
    // A dry run lists what a scan would attach; an applied one replaces this with what it did attach.
    attached: c.attachable.map((a) => ({ id: a.recordingId, path: a.disk.rel, size: a.disk.size })),
    released: [],
    changed: rec.changed.map((ch) => ({ id: idOf(ch.row), path: ch.row.relPath, size: ch.disk.size })),
    moved: rec.moved.map((m) => ({ id: idOf(m.row), from: m.row.relPath, to: m.disk.rel })),
    adopted: forgottenReport(c.forgotten),
  };
}

/**
 * Writes a reconciliation to the catalog in one transaction: new facts for changed and moved
 * files (ledger-exact), transcripts and subtitles a person put into recording folders registered
 * (counted in the ledger in the same transaction), `missing` for recordings with a file gone, and
 * back to their previous status for recordings whose files are all there again. Returns what it attached.
 */
export function applyReconciled(
  lib: Library,
  rec: Reconciled,
  rehashed: Rehashed,
  heal: 'all' | 'touched',
  touched: Set<number> = new Set(),
  attach: HashedAttachable[] = [],
): Applied {
  const attached: ScanReport['attached'] = [];
  const released: ScanReport['released'] = [];
  const reread: Applied['reread'] = [];
  // Re-checked right before writing: the walk took time, and the disk may have gone meanwhile.
  if (checkAvailability(lib).state !== 'online') return { attached, released, reread };
  const now = Date.now();
  let changes = 0;
  const ids = new Set<number>();
  // The walk is a snapshot; jobs may have moved files or rows since. Every fact is checked again
  // against the catalog (same row, same path, same size) and the disk right before it is applied.
  const stillRow = (fileId: number, relPath: string, size: number) => {
    const r = filePlace(lib.sqlite, fileId);
    return r !== null && r.relPath === relPath && r.size === size;
  };
  const onDisk = (rel: string) => {
    try {
      return lstatSync(lib.paths.abs(rel));
    } catch {
      return null;
    }
  };
  for (const a of attach) expectWrite(lib.paths.abs(a.disk.rel));
  lib.sqlite.transaction(() => {
    for (const c of rec.changed) {
      const facts = rehashed.get(c.row.fileId);
      if (!facts) continue;
      if (!stillRow(c.row.fileId, c.row.relPath, c.row.size) || onDisk(c.row.relPath)?.size !== facts.size) continue;
      if (rereadLater(lib, c.row, facts.hash)) {
        reread.push({ id: c.row.recordingId!, path: c.row.relPath });
        continue;
      }
      updateFileFacts(lib.sqlite, c.row.fileId, { size: facts.size, mtimeMs: c.disk.mtimeMs, inode: c.disk.ino, hash: facts.hash });
      if (c.row.kind === 'source' && c.row.recordingId !== null) setRecordingSize(lib.sqlite, c.row.recordingId, facts.size);
      if (c.row.recordingId !== null) ids.add(c.row.recordingId);
      changes++;
    }
    for (const m of rec.moved) {
      if (!stillRow(m.row.fileId, m.row.relPath, m.row.size) || onDisk(m.row.relPath) !== null || onDisk(m.disk.rel) === null) continue;
      updateFileFacts(
        lib.sqlite,
        m.row.fileId,
        { size: m.row.size, mtimeMs: m.disk.mtimeMs, inode: m.disk.ino, hash: m.row.hash, relPath: toRelPath(m.disk.rel) },
      );
      if (m.row.recordingId !== null) ids.add(m.row.recordingId);
      changes++;
    }
    for (const a of attach) {
      const r = recordingOwner(lib.sqlite, a.recordingId);
      if (!r || r.profileId !== a.profileId || ['trashed', 'importing', 'processing'].includes(r.status)) continue;
      if (isPathRegistered(lib.sqlite, a.disk.rel)) continue;
      const st = onDisk(a.disk.rel);
      if (!st?.isFile() || st.size !== a.size) continue;
      const fileId = addFile(lib.sqlite, { recordingId: a.recordingId, profileId: a.profileId, kind: 'transcript', relPath: toRelPath(a.disk.rel), size: a.size, mtimeMs: st.mtimeMs, inode: st.ino, hash: a.hash });
      indexTranscriptFile(lib.sqlite, { fileId, recordingId: a.recordingId, relPath: a.disk.rel, hash: a.hash, origin: 'attached' }, { abs: lib.paths.abs(a.disk.rel) });
      writeAudit(lib.sqlite, { action: 'attach', reason: 'a transcript or subtitles file put into the recording folder', relPath: a.disk.rel, recordingId: a.recordingId, bytes: a.size });
      attached.push({ id: a.recordingId, path: a.disk.rel, size: a.size });
      ids.add(a.recordingId);
      changes++;
    }
    // Each missing recording once, with why (its first missing file).
    const missingByRec = new Map<number, string>();
    const confirmed = rec.missing.filter((r) => stillRow(r.fileId, r.relPath, r.size) && onDisk(r.relPath) === null);
    const sides = letGoDeletedSideFiles(lib, confirmed, onDisk);
    for (const r of sides.released) ids.add(r.id);
    released.push(...sides.released);
    changes += sides.released.length;
    for (const r of sides.missing) {
      if (r.recordingId === null || missingByRec.has(r.recordingId)) continue;
      const at = strayedTo(rec, r);
      missingByRec.set(r.recordingId, at === undefined ? `a file is gone from the library folder: ${r.relPath}` : `a file was moved out of its recording's folder: ${r.relPath} is now at ${at}; move it back`);
    }
    // A recording being imported or processed has its files replaced by its own job, which owns them meanwhile.
    for (const [id, why] of missingByRec) {
      changes += markRecordingMissing(lib.sqlite, id, why, now);
      ids.add(id);
    }
    // Heal: a recording marked missing whose files are all back.
    const candidates = heal === 'all' ? listMissingRecordingIds(lib.sqlite) : [...touched, ...ids];
    for (const id of new Set(candidates)) {
      if (missingByRec.has(id)) continue;
      if (heal === 'touched' && stillMissing(lib, id)) continue;
      const n = healRecording(lib.sqlite, id, now);
      if (n) ids.add(id);
      changes += n;
    }
  })();
  if (changes) lib.events.emit('library:changed', { reason: 'scan', recordingIds: [...ids] });
  return { attached, released, reread };
}

/** What a scan applied; `reread`: edited kept transcripts, read again once the transaction is over. */
type Applied = Pick<ScanReport, 'attached' | 'released'> & { reread: { id: number; path: string }[] };

/**
 * After the scan's transaction: edited kept transcripts are read again (writes of their own), then
 * the report says what it attached and read again, and deleted side files as released, not missing.
 */
async function afterApply(lib: Library, report: ScanReport, applied: Applied): Promise<ScanReport> {
  const gone = new Set(applied.released.map((r) => r.path));
  const reread = await rereadEdited(lib, applied.reread);
  return { ...report, attached: applied.attached, released: applied.released, reread, missing: report.missing.filter((m) => !gone.has(m.path)) };
}

/** For partial scans: whether any registered file of the recording is absent on disk. */
function stillMissing(lib: Library, recordingId: number): boolean {
  const paths = recordingFilePaths(lib.sqlite, recordingId);
  return statPaths(lib.root, paths).paths.length !== paths.length;
}
