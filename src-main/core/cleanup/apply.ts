/**
 * Applies a cleanup plan. Each item is re-checked right before its action (the disk may have
 * changed since the dry run); only paths inside our layout are touched, links are never
 * followed; every removal is written to the audit log in the transaction that records it.
 *
 * Consent comes in three sizes: an ordinary plan runs when asked (a person's "yes", a schedule);
 * a mass change (see plan.ts) needs its own (--allow-mass-change, or the typed item count in the
 * app); unknown files in recording folders move only when a person confirmed the very dry run
 * that listed them (its digest), and never on a schedule. A library not proven online: nothing.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CleanupItem, CleanupKind, CleanupResult } from '@shared/channels/integrity';
import { isInRecordingFolder } from '@core/integrity/scanner/classify';
import { walkInline } from '@core/storage/walk';
import type { Library } from '@core/catalog/library';
import { assertAvailable, checkAvailability, UnavailableError } from '@core/catalog/availability';
import { expiredTrash, purgeRecording, removeInLayout, retentionDays, trashRecordings } from '@core/trash/trash';
import { expectWrite } from '@core/storage/expected-writes';
import { addFile, removeFileRow } from '@core/catalog/repositories/files/ledger';
import { faultPoint } from '@core/storage/faults';
import { PART_SUFFIX, pruneEmptyDirs } from '@core/storage/fsops';
import { hashFile } from '@core/storage/hash';
import { parseRecordingRel, profileOfRel, toRelPath } from '@core/storage/paths';
import { writeAudit } from '@core/catalog/repositories/audit';
import { profileExists, quarantinedFileAt, unownedQuarantinedFileAt } from '@core/catalog/repositories/cleanup';
import { isPathRegistered, recordingFilePaths } from '@core/catalog/repositories/files/scan';
import { markRecordingMissing, recordingStatus } from '@core/catalog/repositories/recordings/scan';
import { expiryInputs, expiryOf } from '@core/expiry/expiry';
import { isProtectedDir, planCleanup, quarantineDay } from './plan';
import { setAsideInTrash } from '@core/trash/quarantine';
import { unfinishedMigrationPaths } from '@core/catalog/repositories/journal/migration';
import { errorMessage } from '@shared/errors';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export class ConfirmationNeeded extends Error {
  override name = 'ConfirmationNeeded';
}

export interface ApplyOptions {
  /** A person said yes (CLI --yes, the app's confirm button). */
  confirm?: boolean;
  /** The digest of the dry run the user confirmed: a different fresh plan is not run. */
  expectDigest?: string;
  /** Consent to a mass change (CLI --allow-mass-change). */
  allowMassChange?: boolean;
  /** What the person typed to consent to a mass change in the app: must be the plan's item count. */
  massConfirmation?: string;
  /** A scheduled run: never moves unknown files, whatever else it is given. */
  scheduled?: boolean;
  now?: number;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; current: string }) => void;
}

class Skip extends Error {}

/** Why an unknown file was left in place although its kind was asked for. */
export const UNKNOWN_NEEDS_DRY_RUN =
  'a file in a recording folder is moved only when you confirm the dry run that lists it (reclib cleanup --dry-run, then --yes --plan <digest>); schedules never move it';

export async function applyCleanup(lib: Library, kinds: readonly CleanupKind[], opts: ApplyOptions = {}): Promise<CleanupResult> {
  assertAvailable(lib);
  const now = opts.now ?? Date.now();
  const plan = await planCleanup(lib, kinds, { now, signal: opts.signal });
  if (plan.state !== 'online') throw new UnavailableError(plan.stateReason ?? 'unknown reason', plan.state);
  if (opts.expectDigest !== undefined && plan.digest !== opts.expectDigest) return { done: [], skipped: [], planChanged: true };
  if (plan.massChange && opts.allowMassChange !== true && opts.massConfirmation !== String(plan.items.length)) {
    return { done: [], skipped: [], needsConfirm: true, massReason: plan.massReason ?? undefined };
  }
  const personSawThisList = opts.confirm === true && opts.expectDigest !== undefined && opts.scheduled !== true;
  const result: CleanupResult = { done: [], skipped: [] };
  for (const [i, item] of plan.items.entries()) {
    opts.signal?.throwIfAborted();
    opts.onProgress?.({ done: i, total: plan.items.length, current: item.path ?? `#${item.id}` });
    const avail = checkAvailability(lib);
    if (avail.state !== 'online') {
      result.skipped.push({ path: item.path, id: item.id, reason: `the library's files look unavailable (${avail.reason ?? 'unknown reason'})` });
      continue;
    }
    if (item.kind === 'unknown' && !personSawThisList) {
      result.skipped.push({ path: item.path, id: item.id, reason: UNKNOWN_NEEDS_DRY_RUN });
      continue;
    }
    try {
      await applyItem(lib, item, now);
      result.done.push(item);
    } catch (err) {
      result.skipped.push({ path: item.path, id: item.id, reason: errorMessage(err) });
    }
  }
  if (result.done.length) lib.events.emit('library:changed', { reason: 'cleanup' });
  return result;
}

async function applyItem(lib: Library, item: CleanupItem, now: number): Promise<void> {
  switch (item.action) {
    case 'remove':
      return removeTemp(lib, item, now);
    case 'trash':
      return trashExpired(lib, item, now);
    case 'purge':
      return item.id !== null ? purgeTrashed(lib, item.id, now) : purgeQuarantined(lib, item, now);
    case 'quarantine':
      return quarantine(lib, item, now);
    case 'adopt':
      return adopt(lib, item);
    case 'mark-missing':
      return markMissing(lib, item);
    case 'remove-row':
      return dropQuarantineRow(lib, item);
    case 'remove-dir':
      return removeEmptyDir(lib, item);
  }
}

async function lstatOrNull(p: string) {
  return fs.lstat(p).catch(() => null);
}

async function removeTemp(lib: Library, item: CleanupItem, now: number): Promise<void> {
  const rel = toRelPath(item.path!);
  if (!rel.startsWith('temp/') || isProtectedDir(rel)) throw new Skip('not a temporary item');
  const abs = lib.paths.assertNoEscape(rel);
  const st = await lstatOrNull(abs);
  if (!st) throw new Skip('already gone');
  const w = walkInline({ root: lib.root, tops: [rel], partSuffix: '\0none' });
  const newest = Math.max(st.mtimeMs, ...w.mtimes);
  const maxAge = lib.settings().cleanup.tempMaxAgeHours;
  if (newest > now - maxAge * HOUR_MS) throw new Skip('written to since the dry run');
  const bytes = w.sizes.reduce((a, b) => a + b, st.isFile() ? st.size : 0);
  expectWrite(abs);
  // fs.rm unlinks links inside the tree; it never follows them.
  await fs.rm(abs, { recursive: true, force: true });
  writeAudit(lib.sqlite, { action: 'remove', reason: item.reason, relPath: rel, bytes });
}

async function trashExpired(lib: Library, item: CleanupItem, now: number): Promise<void> {
  const r = expiryInputs(lib, item.id!);
  if (!r) throw new Skip('the recording no longer exists');
  const at = expiryOf(r);
  if (at === null || at > now) throw new Skip('no longer expired');
  const out = trashRecordings(lib, [item.id!], item.reason, now);
  if (!out.done.length) throw new Skip(out.skipped[0]?.reason ?? 'not trashed');
}

async function purgeTrashed(lib: Library, id: number, now: number): Promise<void> {
  if (!expiredTrash(lib, now).some((t) => t.id === id)) throw new Skip('no longer past its retention (restored?)');
  const done = await purgeRecording(lib, id, 'trash retention ended');
  if (!done) throw new Skip('not in the trash');
}

async function purgeQuarantined(lib: Library, item: CleanupItem, now: number): Promise<void> {
  const row = quarantinedFileAt(lib.sqlite, item.path!);
  if (!row) throw new Skip('no longer registered');
  const day = quarantineDay(item.path!);
  if (day === null || day + retentionDays(lib, row.profileId) * DAY_MS > now) throw new Skip('no longer past its retention');
  await removeInLayout(lib, item.path!);
  faultPoint('purge:file-removed');
  lib.sqlite.transaction(() => {
    removeFileRow(lib.sqlite, row.id);
    writeAudit(lib.sqlite, { action: 'purge', reason: item.reason, relPath: item.path, bytes: row.size });
  })();
  // trash/<date>/<original path> folders go with their last file.
  await pruneEmptyDirs(path.dirname(lib.paths.abs(item.path!)), lib.paths.abs(lib.paths.trashRoot()));
}

function profileFor(lib: Library, rel: string): number {
  const p = profileOfRel(toRelPath(rel));
  if (p !== null && profileExists(lib.sqlite, p)) return p;
  return 1;
}

async function quarantine(lib: Library, item: CleanupItem, now: number): Promise<void> {
  const rel = toRelPath(item.path!);
  if (!rel.startsWith('users/')) throw new Skip('not inside users/');
  if (isPathRegistered(lib.sqlite, rel)) throw new Skip('now registered to a recording');
  // Files in recording folders are a person's: only the `unknown` kind (a confirmed list) moves them.
  if (item.kind !== 'unknown' && isInRecordingFolder(rel)) throw new Skip('a file in a recording folder is moved only as an unknown file you confirmed');
  // A recording being imported or processed owns its folder: its new files are not orphans.
  const owner = parseRecordingRel(rel);
  if (owner) {
    const st = recordingStatus(lib.sqlite, owner.recordingId);
    if (st === 'importing' || st === 'processing') throw new Skip(`its recording is ${st}`);
  }
  if (unfinishedMigrationPaths(lib.sqlite).has(rel)) throw new Skip('an unfinished migration moved it here: resume or undo that run');
  lib.paths.assertNoEscape(path.posix.dirname(rel));
  const abs = lib.paths.abs(rel);
  const st = await lstatOrNull(abs);
  if (!st) throw new Skip('already gone');
  if (!st.isFile()) throw new Skip('not a regular file (links are never followed or moved)');
  if (st.size !== item.bytes) throw new Skip('its size changed since the dry run (still being written?)');
  lib.paths.assertNoEscape(lib.paths.trashRoot());
  await setAsideInTrash(lib, rel, { profileId: profileFor(lib, rel), reason: item.reason, now });
}

/**
 * An unregistered file already under trash/ (put there by hand, or by a quarantine from before the
 * quarantine journal, whose recovery now finishes it): register it.
 */
async function adopt(lib: Library, item: CleanupItem): Promise<void> {
  const rel = toRelPath(item.path!);
  if (!rel.startsWith('trash/')) throw new Skip('not inside trash/');
  if (isPathRegistered(lib.sqlite, rel)) throw new Skip('already registered');
  lib.paths.assertNoEscape(path.posix.dirname(rel));
  const abs = lib.paths.abs(rel);
  const st = await lstatOrNull(abs);
  if (!st?.isFile()) throw new Skip('not a regular file');
  const facts = await hashFile(abs);
  lib.sqlite.transaction(() => {
    const inner = rel.split('/').slice(2).join('/');
    addFile(lib.sqlite, { recordingId: null, profileId: profileFor(lib, inner || rel), kind: 'quarantine', relPath: rel, size: facts.size, mtimeMs: st.mtimeMs, inode: st.ino, hash: facts.hash });
    writeAudit(lib.sqlite, { action: 'adopt', reason: item.reason, relPath: rel, bytes: facts.size });
  })();
}

async function markMissing(lib: Library, item: CleanupItem): Promise<void> {
  if (item.id === null) throw new Skip('not a recording');
  const gone: string[] = [];
  for (const rel of recordingFilePaths(lib.sqlite, item.id)) if (!(await lstatOrNull(lib.paths.abs(rel)))?.isFile()) gone.push(rel);
  if (!gone.length) throw new Skip('its files are back');
  assertAvailable(lib); // re-checked: an unplugged disk must never turn into "missing"
  const n = markRecordingMissing(lib.sqlite, item.id, `a file is gone from the library folder: ${gone[0]!}`, Date.now());
  if (!n) throw new Skip('not marked (trashed, importing or processing)');
}

/**
 * A quarantined file (a row with no recording, under trash/) that someone removed by hand: its row
 * goes, with its bytes. Recording rows are never removed here: only `forget` does that.
 */
async function dropQuarantineRow(lib: Library, item: CleanupItem): Promise<void> {
  if (item.id !== null) throw new Skip('recordings are never forgotten by cleanup: use forget');
  const row = unownedQuarantinedFileAt(lib.sqlite, item.path!);
  if (!row) throw new Skip('no longer registered');
  if (!(await lstatOrNull(lib.paths.abs(lib.paths.trashRoot())))?.isDirectory()) throw new Skip('trash/ is not there: nothing can be said about its files');
  if (await lstatOrNull(lib.paths.abs(item.path!))) throw new Skip('the file is back');
  assertAvailable(lib);
  lib.sqlite.transaction(() => {
    removeFileRow(lib.sqlite, row.id);
    writeAudit(lib.sqlite, { action: 'forget', reason: 'a quarantined file was gone from trash/; its row is removed', relPath: item.path, bytes: row.size });
  })();
}

async function removeEmptyDir(lib: Library, item: CleanupItem): Promise<void> {
  const rel = toRelPath(item.path!);
  if (isProtectedDir(rel) || !(rel.startsWith('users/') || rel.startsWith('trash/'))) throw new Skip('a folder of the layout itself');
  const abs = lib.paths.assertNoEscape(rel);
  const st = await lstatOrNull(abs);
  if (!st) throw new Skip('already gone');
  if (!st.isDirectory()) throw new Skip('not a folder (links are never followed)');
  const w = walkInline({ root: lib.root, tops: [rel], partSuffix: PART_SUFFIX });
  if (w.types.some((t) => t !== 'e')) throw new Skip('no longer empty');
  const rmTree = async (dir: string): Promise<void> => {
    for (const e of await fs.readdir(dir, { withFileTypes: true })) if (e.isDirectory()) await rmTree(path.join(dir, e.name));
    await fs.rmdir(dir);
  };
  expectWrite(abs);
  await rmTree(abs);
  writeAudit(lib.sqlite, { action: 'remove-dir', reason: item.reason, relPath: rel, bytes: 0 });
}
