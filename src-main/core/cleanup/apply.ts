/**
 * Applies a cleanup plan. Each item is re-checked right before its action (the disk may have
 * changed since the dry run); only paths inside our layout are touched, links are never
 * followed; every removal is written to the audit log in the transaction that records it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { CleanupItem, CleanupKind, CleanupResult } from '../../../src-shared/channels/integrity';
import { walkInline } from '../library/scanner/walk';
import type { Library } from '../library/library';
import { assertOnline, expiredTrash, OfflineError, purgeRecording, recoverPurges, removeInLayout, retentionDays, trashRecordings } from '../library/trash';
import { expectWrite } from '../library/watcher/expected';
import { recoverProcessing } from '../media/commit';
import { addFile, removeFileRow } from '../quota/ledger';
import { faultPoint } from '../storage/faults';
import { durableMove, PART_SUFFIX, pruneEmptyDirs } from '../storage/fsops';
import { hashFile } from '../storage/hash';
import { parseRecordingRel, profileOfRel, toRelPath } from '../storage/paths';
import { writeAudit } from './audit';
import { expiryOf, isProtectedDir, planCleanup, quarantineDay } from './plan';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export class ConfirmationNeeded extends Error {
  override name = 'ConfirmationNeeded';
}

export interface ApplyOptions {
  confirm?: boolean;
  /** The digest of the dry run the user confirmed: a different fresh plan is not run. */
  expectDigest?: string;
  now?: number;
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; current: string }) => void;
}

class Skip extends Error {}

export async function applyCleanup(lib: Library, kinds: readonly CleanupKind[], opts: ApplyOptions = {}): Promise<CleanupResult> {
  assertOnline(lib);
  await recoverPurges(lib);
  await recoverProcessing(lib); // set-aside files of a crashed job go back before temp is cleaned
  const now = opts.now ?? Date.now();
  const plan = await planCleanup(lib, kinds, { now, signal: opts.signal });
  if (plan.state === 'offline') throw new OfflineError();
  if (opts.expectDigest !== undefined && plan.digest !== opts.expectDigest) return { done: [], skipped: [], planChanged: true };
  if (plan.needsConfirm && !opts.confirm) return { done: [], skipped: [], needsConfirm: true };
  const result: CleanupResult = { done: [], skipped: [] };
  for (const [i, item] of plan.items.entries()) {
    opts.signal?.throwIfAborted();
    opts.onProgress?.({ done: i, total: plan.items.length, current: item.path ?? `#${item.id}` });
    if (!lib.isOnline()) {
      result.skipped.push({ path: item.path, id: item.id, reason: 'the library went offline' });
      continue;
    }
    try {
      await applyItem(lib, item, now);
      result.done.push(item);
    } catch (err) {
      result.skipped.push({ path: item.path, id: item.id, reason: err instanceof Error ? err.message : String(err) });
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
    case 'remove-row':
      return missing(lib, item);
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
  const r = lib.sqlite
    .prepare(
      `SELECT r.status, r.expire_at AS expireAt, r.created_at AS createdAt, p.expire_after_days AS policyDays
         FROM recordings r JOIN profiles p ON p.id = r.profile_id WHERE r.id = ?`,
    )
    .get(item.id) as { status: string; expireAt: number | null; createdAt: number; policyDays: number | null } | undefined;
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
  const row = lib.sqlite.prepare("SELECT id, size, profile_id AS profileId FROM files WHERE rel_path = ? AND kind = 'quarantine'").get(item.path) as
    | { id: number; size: number; profileId: number }
    | undefined;
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
  if (p !== null && lib.sqlite.prepare('SELECT 1 FROM profiles WHERE id = ?').get(p)) return p;
  return 1;
}

async function quarantine(lib: Library, item: CleanupItem, now: number): Promise<void> {
  const rel = toRelPath(item.path!);
  if (!rel.startsWith('users/')) throw new Skip('not inside users/');
  if (lib.sqlite.prepare('SELECT 1 FROM files WHERE rel_path = ?').get(rel)) throw new Skip('now registered to a recording');
  // A recording being imported or processed owns its folder: its new files are not orphans.
  const owner = parseRecordingRel(rel);
  if (owner) {
    const st = lib.sqlite.prepare('SELECT status FROM recordings WHERE id = ?').get(owner.recordingId) as { status: string } | undefined;
    if (st && (st.status === 'importing' || st.status === 'processing')) throw new Skip(`its recording is ${st.status}`);
  }
  lib.paths.assertNoEscape(path.posix.dirname(rel));
  const abs = lib.paths.abs(rel);
  const st = await lstatOrNull(abs);
  if (!st) throw new Skip('already gone');
  if (!st.isFile()) throw new Skip('not a regular file (links are never followed or moved)');
  if (st.size !== item.bytes) throw new Skip('its size changed since the dry run (still being written?)');
  const day = new Date(now).toISOString().slice(0, 10);
  const dest = lib.paths.trashItem(day, rel);
  lib.paths.assertNoEscape(lib.paths.trashRoot());
  const destAbs = lib.paths.abs(dest);
  const facts = await hashFile(abs);
  expectWrite(abs);
  expectWrite(destAbs);
  await durableMove(abs, destAbs, { expected: facts });
  faultPoint('quarantine:moved');
  const moved = await fs.lstat(destAbs);
  lib.sqlite.transaction(() => {
    addFile(lib.sqlite, { recordingId: null, profileId: profileFor(lib, rel), kind: 'quarantine', relPath: dest, size: facts.size, mtimeMs: moved.mtimeMs, inode: moved.ino, hash: facts.hash });
    writeAudit(lib.sqlite, { action: 'quarantine', reason: `${item.reason}; moved to ${dest}`, relPath: rel, bytes: facts.size });
  })();
}

/** An unregistered file already under trash/ (e.g. a quarantine interrupted after its move): register it. */
async function adopt(lib: Library, item: CleanupItem): Promise<void> {
  const rel = toRelPath(item.path!);
  if (!rel.startsWith('trash/')) throw new Skip('not inside trash/');
  if (lib.sqlite.prepare('SELECT 1 FROM files WHERE rel_path = ?').get(rel)) throw new Skip('already registered');
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

async function missing(lib: Library, item: CleanupItem): Promise<void> {
  const rows = (
    item.id !== null
      ? lib.sqlite.prepare('SELECT id, rel_path AS rel, size, kind, hash FROM files WHERE recording_id = ?').all(item.id)
      : lib.sqlite.prepare('SELECT id, rel_path AS rel, size, kind, hash FROM files WHERE rel_path = ?').all(item.path)
  ) as { id: number; rel: string; size: number; kind: string; hash: string }[];
  const gone: typeof rows = [];
  for (const r of rows) if (!(await lstatOrNull(lib.paths.abs(r.rel)))?.isFile()) gone.push(r);
  if (!gone.length) throw new Skip('its files are back');
  assertOnline(lib); // re-checked: an unplugged disk must never turn into "missing"
  const now = Date.now();
  if (item.action === 'mark-missing') {
    const n = lib.sqlite
      .prepare(
        `UPDATE recordings SET previous_status = CASE WHEN status = 'missing' THEN previous_status ELSE status END, status = 'missing',
                status_reason = ?, updated_at = ? WHERE id = ? AND status NOT IN ('trashed', 'importing')`,
      )
      .run(`a file is gone from the library folder: ${gone[0]!.rel}`, now, item.id).changes;
    if (!n) throw new Skip('not marked (trashed or importing)');
    return;
  }
  const rec = item.id !== null ? (lib.sqlite.prepare('SELECT status, display_name AS name, profile_id AS profileId FROM recordings WHERE id = ?').get(item.id) as { status: string; name: string; profileId: number } | undefined) : undefined;
  lib.sqlite.transaction(() => {
    for (const g of gone) {
      removeFileRow(lib.sqlite, g.id, rec?.status === 'trashed');
      writeAudit(lib.sqlite, { action: 'forget', reason: 'the file was gone; its catalog row is removed', relPath: g.rel, recordingId: item.id, bytes: g.size });
    }
    if (item.id !== null && rec) {
      const left = (lib.sqlite.prepare('SELECT COUNT(*) AS n FROM files WHERE recording_id = ?').get(item.id) as { n: number }).n;
      if (left === 0) {
        const src = gone.find((g) => g.kind === 'source');
        if (src) {
          lib.sqlite
            .prepare('INSERT INTO tombstones (profile_id, recording_id, display_name, size, hash, deleted_at) VALUES (?, ?, ?, ?, ?, ?)')
            .run(rec.profileId, item.id, rec.name, src.size, src.hash, now);
        }
        lib.sqlite.prepare('DELETE FROM recordings WHERE id = ?').run(item.id);
      } else {
        lib.sqlite
          .prepare("UPDATE recordings SET status = COALESCE(previous_status, 'ready'), previous_status = NULL, status_reason = NULL, updated_at = ? WHERE id = ? AND status = 'missing'")
          .run(now, item.id);
      }
    }
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
