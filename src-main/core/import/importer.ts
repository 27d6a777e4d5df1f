/**
 * Imports recordings into the library. Per file: probe -> duplicate check -> a journal row and an
 * `importing` recording -> bytes into users/<uid>/recordings/<id>/source.<ext> through a part
 * file (copy, fsync, verify; or a hard link when moving on one disk) -> one transaction that
 * registers the file, the ledger and the `ready` state -> only then, for --move, the original goes.
 * A crash or cancel at any point is undone by the recovery on the next open (services/recovery.ts,
 * import/recover.ts): nothing half-registered remains.
 */
import { constants as fsc } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ImportReport } from '@shared/channels/import';
import type { MediaInfo } from '@shared/domain';
import type { JobProgress } from '@shared/jobs';
import { mapPool } from '../jobs/pool';
import { CancelledError } from '../jobs/queue';
import type { MediaTools } from '../tools/binaries';
import { measuredSpan } from '@core/tools/measured-span';
import { checkCompleteness, truncationReason } from '../tools/completeness';
import { probe } from '../tools/probe';
import { addFile, assertQuota, formatBytes } from '@core/catalog/repositories/files/ledger';
import { closeImportJournal, markImportCommitted, openImportJournal } from '@core/catalog/repositories/journal/import';
import { profileExists } from '@core/catalog/repositories/profiles/profiles';
import { insertImportingRecording, markImportReady, sameSizeKnown, zoomMeetingRecording } from '@core/catalog/repositories/recordings/import';
import { duplicateReason } from './duplicate';
import { diskSpace } from '../quota/storage';
import { assertAvailable } from '../catalog/availability';
import { faultPoint } from '../storage/faults';
import { copyVerified, FileOpError, fsyncDir, partPath, removeFile } from '../storage/fsops';
import { hashFile } from '../storage/hash';
import { commitPlan, planApply } from '../templates/apply';
import { describeFromTemplates } from '../templates/description';
import type { Library } from '../catalog/library';
import { type Candidate, discover } from './discover';
import { isSetAsideFile } from './set-aside-source';
import { profileFolders, unusedRecordingId } from './recording-id';
import { ImportError, type JournalPayload, ownCopy, rollback } from './journal';
import { durably } from '../catalog/connection';
import { errorMessage } from '@shared/errors';

export interface ImportOptions {
  profileId: number;
  move: boolean;
  force: boolean;
  tools: Pick<MediaTools, 'ffprobe'>;
  signal?: AbortSignal;
  onProgress?: (p: Partial<JobProgress>) => void;
  /** Filled with phase durations, for benchmarks and the job history. */
  timings?: { discoverMs: number; probeMs: number; transferMs: number };
}

interface Probed extends Candidate {
  durationMs: number;
  media: string;
  displayName: string;
  startTime: number;
}



/** A monotonic clock in ms that loads no module (node:perf_hooks costs ~4 ms of start-up). */
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

export async function importPaths(lib: Library, inputs: string[], opts: ImportOptions): Promise<ImportReport> {
  // An import writes into users/: with users/ away it would make a new, empty one in its place.
  assertAvailable(lib);
  const report: ImportReport = { imported: [], skipped: [], failed: [] };
  if (!profileExists(lib.sqlite, opts.profileId)) throw new ImportError(`profile ${opts.profileId} does not exist`);

  opts.onProgress?.({ current: 'looking for recordings', done: 0, total: 0 });
  const t0 = nowMs();
  const found = await discover(inputs, opts.signal, lib.root, (abs) => isSetAsideFile(lib, abs));
  const t1 = nowMs();
  report.skipped.push(...found.skipped);
  report.failed.push(...found.failed);
  const candidates = opts.force ? found.candidates : found.candidates.filter((c) => !zoomMeetingKnown(lib, c, opts.profileId, report));

  // One count for the whole import: every file found, done once imported, skipped or failed.
  const total = candidates.length;
  let finished = 0;
  // Files are counted once, when done; the checks before any copy say their own count, so 230 small
  // files do not read "0 of 230" for minutes (found by a trial).
  let checked = 0;
  // ffprobe is a process per file: run a few at once, as many as there are cores.
  const results = await mapPool(candidates, Math.max(1, Math.min(4, os.availableParallelism())), async (c): Promise<Probed | null> => {
    throwIfCancelled(opts.signal);
    if (c.size === 0) {
      report.failed.push({ path: c.file, reason: 'the file is empty (0 bytes)' });
      finished++;
      return null;
    }
    try {
      const info = await probeWhole(opts.tools.ffprobe, c, opts.signal, lib);
      const created = info.creationTime ? Date.parse(info.creationTime) : null;
      return {
        ...c,
        durationMs: Math.round(info.durationSec * 1000),
        media: JSON.stringify(info),
        displayName: (c.zoom?.topic ?? path.basename(c.file, path.extname(c.file))).normalize('NFC').trim() || 'Untitled recording',
        startTime: c.zoom?.startTime ?? created ?? Math.round(c.mtimeMs),
      };
    } catch (err) {
      throwIfCancelled(opts.signal);
      report.failed.push({ path: c.file, reason: errorMessage(err) });
      finished++;
      return null;
    } finally {
      opts.onProgress?.({ current: `checking ${++checked} of ${total}: ${path.basename(c.file)}`, done: finished, total });
    }
  });
  const probed = results.filter((r): r is Probed => r !== null);
  const t2 = nowMs();

  const likelyNew = probed.filter((p) => !sameSizeKnown(lib.sqlite, p.size));
  assertQuota(lib.sqlite, opts.profileId, likelyNew.reduce((a, p) => a + p.size, 0));
  const disk = await diskSpace(lib.root);
  // Only a move on the library's own disk of a file with no other name takes no space: a link, a
  // file on another disk and one with other hard links are copied.
  const libraryDev = (await fs.stat(lib.root)).dev;
  const linked = (p: Probed) => opts.move && !p.link && !p.setAside && p.dev === libraryDev && p.nlink === 1;
  const copied = likelyNew.filter((p) => !linked(p)).reduce((a, p) => a + p.size, 0);
  if (disk && copied > disk.freeBytes) {
    throw new ImportError(`Not enough free space on the library's disk: the import needs ${formatBytes(copied)}, ${formatBytes(disk.freeBytes)} is free.`);
  }

  // Read once: only this import (the writer) adds folders meanwhile, under ids the catalog then knows.
  const profileDirs = profileFolders(lib);
  // What this import added (id -> file): a second copy of one of them is a copy within the import.
  const thisImport = new Map<number, string>();
  const bytesTotal = probed.reduce((a, p) => a + p.size, 0);
  let bytesDone = 0;
  let diskFull = false;
  // A few files in flight at once: small files are bound by fsync latency, not bandwidth.
  const outcomes = await mapPool(probed, TRANSFERS_IN_FLIGHT, async (p): Promise<Outcome | { kind: 'failed'; reason: string }> => {
    throwIfCancelled(opts.signal);
    opts.onProgress?.({ current: path.basename(p.file), done: finished, total, bytesDone, bytesTotal });
    if (diskFull) return { kind: 'failed', reason: "not imported: the library's disk is full" };
    try {
      return await importOne(lib, p, opts, { profileDirs, thisImport }, (n) => {
        bytesDone += n;
        opts.onProgress?.({ bytesDone, bytesTotal });
      });
    } catch (err) {
      if (opts.signal?.aborted || err instanceof CancelledError) throw new CancelledError('import cancelled');
      const code = err instanceof FileOpError ? err.code : (err as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'SQLITE_FULL') diskFull = true;
      lib.log.warn('import failed', { file: p.file, error: reasonOf(err, p.file) });
      return { kind: 'failed', reason: reasonOf(err, p.file) };
    } finally {
      finished++;
      opts.onProgress?.({ done: finished, total });
    }
  });
  for (const [i, o] of outcomes.entries()) {
    const p = probed[i]!;
    if (o.kind === 'imported') {
      report.imported.push(o.warnings.length ? { id: o.id, source: p.file, warnings: o.warnings } : { id: o.id, source: p.file });
    } else if (o.kind === 'skipped') report.skipped.push({ path: p.file, reason: o.reason });
    else report.failed.push({ path: p.file, reason: o.reason });
  }
  // New recordings take their template from the rules, all at once (one compiled matcher), and
  // then its description pattern when they have no description (every import path comes here).
  if (report.imported.length) {
    const ids = report.imported.map((r) => r.id);
    matchImported(lib, ids);
    describeFromTemplates(lib, ids);
  }
  opts.onProgress?.({ current: null, done: total, total, bytesDone: bytesTotal, bytesTotal });
  if (opts.timings) Object.assign(opts.timings, { discoverMs: t1 - t0, probeMs: t2 - t1, transferMs: nowMs() - t2 });
  if (report.imported.length) lib.events.emit('library:changed', { reason: 'imported', recordingIds: report.imported.map((r) => r.id) });
  return report;
}

/**
 * A Zoom folder is one recording. Once its video has been moved in (--move, an inbox that moves),
 * the audio file left in the folder would be taken for the meeting's recording and imported again.
 */
function zoomMeetingKnown(lib: Library, c: Candidate, profileId: number, report: ImportReport): boolean {
  if (!c.zoom) return false;
  const id = zoomMeetingRecording(lib.sqlite, profileId, c.zoom.topic.normalize('NFC').trim(), c.zoom.startTime);
  if (id === null) return false;
  report.skipped.push({ path: c.file, reason: `part of the Zoom recording "${c.zoom.topic}", already imported as #${id}` });
  return true;
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError('import cancelled');
}

function reasonOf(err: unknown, file: string): string {
  const code = err instanceof FileOpError ? err.code : (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'the file disappeared during the import';
  if (code === 'ENOSPC' || code === 'SQLITE_FULL') return "the library's disk is full";
  if (code === 'ECHANGED' || code === 'ELOOP') return 'the file changed while it was being imported; try again when it is complete';
  const msg = errorMessage(err);
  return msg.replace(file, path.basename(file));
}

const TRANSFERS_IN_FLIGHT = 8;

type Outcome = { kind: 'imported'; id: number; warnings: string[] } | { kind: 'skipped'; reason: string };

interface ImportRun {
  profileDirs: string[];
  thisImport: Map<number, string>;
}

async function importOne(lib: Library, p: Probed, opts: ImportOptions, { profileDirs, thisImport }: ImportRun, onBytes: (n: number) => void): Promise<Outcome> {
  await assertSameFile(p);
  // Hash first only when a file of the same size is known: most imports hash during the copy.
  if (sameSizeKnown(lib.sqlite, p.size)) {
    const pre = await hashFile(p.read, { signal: opts.signal });
    const dup = duplicateReason(lib, pre.hash, pre.size, opts.force, thisImport);
    if (dup) return { kind: 'skipped', reason: dup };
    // Not a duplicate after all: the up-front check left it out as one, so the limit is checked here.
    assertQuota(lib.sqlite, opts.profileId, p.size);
  }

  // Never move through a link: a linked file is copied from its target, and both stay.
  const move = opts.move && !p.link && !p.setAside;
  // The reservation (an `importing` row) and its journal row are one commit.
  const { recordingId, dest, payload, journalId } = lib.sqlite.transaction(() => {
    const id = unusedRecordingId(lib, profileDirs);
    insertImportingRecording(lib.sqlite, { id, profileId: opts.profileId, displayName: p.displayName, startTime: p.startTime, durationMs: p.durationMs, media: p.media });
    const rel = lib.paths.recordingFile(opts.profileId, id, 'source', p.ext);
    const journal: JournalPayload = { recordingId: id, profileId: opts.profileId, source: p.read, dest: rel, move };
    return { recordingId: id, dest: rel, payload: journal, journalId: openImportJournal(lib.sqlite, journal) };
  })();
  faultPoint('import:reserved');

  const destAbs = lib.paths.abs(dest);
  try {
    const facts = move ? await linkOrCopy(p, destAbs, opts, onBytes) : await copyVerified(p.read, destAbs, { signal: opts.signal, onBytes });
    faultPoint('import:copied');
    const st = await fs.stat(destAbs);
    // From the duplicate check to the commit nothing awaits, so concurrent imports of the same
    // content cannot both pass the check.
    const dup = duplicateReason(lib, facts.hash, facts.size, opts.force, thisImport);
    if (dup) {
      await rollback(lib, payload);
      closeImportJournal(lib.sqlite, journalId);
      return { kind: 'skipped', reason: dup };
    }
    // With --move the original goes right after this commit: it must be on disk first.
    const commit = () => {
      // The limit holds per file too: files in flight side by side each passed the earlier checks.
      assertQuota(lib.sqlite, opts.profileId, facts.size);
      addFile(lib.sqlite, {
        recordingId,
        profileId: opts.profileId,
        kind: 'source',
        relPath: dest,
        size: facts.size,
        mtimeMs: st.mtimeMs,
        inode: st.ino,
        hash: facts.hash,
      });
      markImportReady(lib.sqlite, recordingId, facts.size, Date.now());
      // A copy has nothing left to do after this commit; a move still has the original to remove.
      if (move) markImportCommitted(lib.sqlite, journalId, Date.now());
      else closeImportJournal(lib.sqlite, journalId);
    };
    if (move) durably(lib.sqlite, commit);
    else lib.sqlite.transaction(commit)();
    thisImport.set(recordingId, p.file);
    faultPoint('import:committed');
  } catch (err) {
    try {
      await rollback(lib, payload);
      closeImportJournal(lib.sqlite, journalId);
    } catch (e) {
      // The journal row stays, so the recovery on the next open finishes the rollback.
      lib.log.error('import rollback failed; it will be completed on the next run', { recordingId, error: String(e) });
    }
    throw err;
  }
  const warnings: string[] = [];
  if (opts.move && p.link) warnings.push('original kept: it is a link');
  if (opts.move && p.setAside) warnings.push('original kept: a file a cleanup set aside stays in the trash until its retention ends');
  if (move) {
    // The recording is imported whatever happens to the original now; the journal row goes either way.
    const kept = await removeOriginal(p);
    if (kept) {
      warnings.push(kept);
      lib.log.warn('import --move kept the original', { file: p.file, why: kept });
      await ownCopy(lib, dest).catch((err: unknown) =>
        lib.log.warn('the library copy still shares its bytes with the kept original', { file: p.file, error: errorMessage(err) }),
      );
    }
    closeImportJournal(lib.sqlite, journalId);
  }
  return { kind: 'imported', id: recordingId, warnings };
}

/** ffprobe, then the check that the file holds all the media it states (a cut download does not). */
async function probeWhole(ffprobe: string, c: Candidate, signal: AbortSignal | undefined, lib: Library): Promise<MediaInfo> {
  let info: MediaInfo;
  try {
    info = await probe(ffprobe, c.read, signal);
  } catch (err) {
    throwIfCancelled(signal);
    // An mp4 whose index never arrived is unreadable to ffprobe; say that it is cut off, not "damaged".
    throw new ImportError((await truncationReason(c.read)) ?? (errorMessage(err)));
  }
  const whole = await checkCompleteness(ffprobe, c.read, { durationSec: info.durationSec, signal });
  if (!whole.complete) throw new ImportError(whole.reason);
  if (whole.how === 'unchecked' && whole.note) lib.log.debug('completeness not checked', { file: c.file, why: whole.note });
  // ffprobe's guess from the bit rate was 1080 s for 80 s of raw AAC: the catalog keeps the real length.
  const measured = whole.complete && whole.estimated ? await measuredSpan(ffprobe, c.read, signal) : null;
  return measured !== null ? { ...info, durationSec: measured } : info;
}

const OPEN_CHECK = fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0) | (fsc.O_NOFOLLOW ?? 0);

/**
 * Right before its bytes are read, the file must still be the regular file that was found and
 * probed: a fifo put in its place would block the copy, a link would be moved through.
 */
async function assertSameFile(p: Candidate): Promise<void> {
  const fh = await fs.open(p.read, OPEN_CHECK);
  try {
    const st = await fh.stat();
    if (!st.isFile() || st.ino !== p.ino || st.dev !== p.dev) {
      throw new FileOpError(`${p.file} was replaced by another file during the import`, 'ECHANGED');
    }
  } finally {
    await fh.close();
  }
}

/** Removes the original of a --move; returns why it was kept, or null once it is gone. */
async function removeOriginal(p: Candidate): Promise<string | null> {
  let st: import('node:fs').Stats;
  try {
    st = await fs.lstat(p.file);
  } catch {
    return null; // already gone
  }
  if (st.isSymbolicLink()) return 'original kept: it is a link';
  if (st.ino !== p.ino || st.dev !== p.dev) return 'original kept: another file took its place during the import';
  try {
    await removeFile(p.file);
    return null;
  } catch (err) {
    return `original kept: ${whyNotRemoved(err)}`;
  }
}

function whyNotRemoved(err: unknown): string {
  const code = err instanceof FileOpError ? err.code : (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'its disk is read-only';
  if (code === 'EBUSY' || code === 'ETXTBSY') return 'it is in use';
  return errorMessage(err);
}

/** --move on one filesystem: a hard link costs no copy; the original is unlinked only after commit. */
async function linkOrCopy(p: Candidate, dest: string, opts: ImportOptions, onBytes: (n: number) => void) {
  const part = partPath(dest);
  await fs.mkdir(path.dirname(dest), { recursive: true });
  await fs.rm(part, { force: true });
  try {
    await fs.link(p.read, part);
  } catch {
    return copyVerified(p.read, dest, { signal: opts.signal, onBytes });
  }
  faultPoint('import:linked');
  try {
    // link() takes whatever is at the path now, a symlink or a fifo included: it must be the file found.
    const st = await fs.lstat(part);
    if (!st.isFile() || st.ino !== p.ino || st.dev !== p.dev) throw new FileOpError(`${p.file} was replaced by another file during the import`, 'ECHANGED');
    if (st.nlink > 2) {
      // The file has names of its own elsewhere (hard links): a library source sharing its bytes
      // would change whenever that other name is written to. It gets bytes of its own.
      await fs.rm(part, { force: true });
      return await copyVerified(p.read, dest, { signal: opts.signal, onBytes });
    }
    const facts = await hashFile(part, { signal: opts.signal, onBytes });
    await fs.rename(part, dest);
    await fsyncDir(path.dirname(dest));
    return facts;
  } catch (err) {
    await fs.rm(part, { force: true });
    throw err;
  }
}

export { ImportError };

function matchImported(lib: Library, ids: number[]): void {
  try {
    commitPlan(lib.sqlite, planApply(lib.sqlite, ids));
  } catch (err) {
    lib.log.warn('template matching failed for imported recordings', { error: errorMessage(err) });
  }
}
