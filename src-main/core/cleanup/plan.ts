/**
 * The dry run of every cleanup kind: exactly which path or recording, which action, how many
 * bytes, and whether the run would touch an unusual share of the library (then apply needs an
 * explicit confirmation: a vanished mount or a wrong root looks exactly like that).
 */
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { CLEANUP_KINDS, type CleanupItem, type CleanupKind, type CleanupPlan } from '../../../src-shared/channels/integrity';
import { scanLibrary } from '../library/scanner/scan';
import { walkInline } from '../library/scanner/walk';
import type { Library } from '../library/library';
import { expiredTrash, retentionDays } from '../library/trash';
import { hashBytes } from '../storage/hash';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Kinds whose items are library content (they count toward the safety share). */
const CONTENT_KINDS = new Set<CleanupKind>(['expired', 'trash', 'orphans', 'missing']);

export interface PlanOptions {
  now?: number;
  signal?: AbortSignal;
}

function emptyByKind(): CleanupPlan['byKind'] {
  return Object.fromEntries(CLEANUP_KINDS.map((k) => [k, { count: 0, bytes: 0 }])) as CleanupPlan['byKind'];
}

export function isProtectedDir(rel: string): boolean {
  return /^(users|trash|temp|shared|shared\/thumbnails|users\/\d+|users\/\d+\/recordings|users\/\d+\/thumbnails|temp\/\d+)$/.test(rel);
}

export async function planCleanup(lib: Library, kinds: readonly CleanupKind[], opts: PlanOptions = {}): Promise<CleanupPlan> {
  const now = opts.now ?? Date.now();
  const want = new Set(kinds);
  const items: CleanupItem[] = [];
  const plan: CleanupPlan = { items, totalBytes: 0, byKind: emptyByKind(), share: { files: 0, bytes: 0 }, needsConfirm: false, state: 'online', digest: '' };
  if (!lib.isOnline()) return { ...plan, state: 'offline' };
  const settings = lib.settings();

  if (want.has('temp')) items.push(...planTemp(lib, now, settings.cleanup.tempMaxAgeHours));
  if (want.has('expired')) items.push(...planExpired(lib, now));
  if (want.has('trash')) items.push(...planTrash(lib, now));

  let orphanFiles = 0;
  let orphanBytes = 0;
  if (want.has('orphans') || want.has('missing') || want.has('empty')) {
    const { reconciled: rec } = await scanLibrary(lib, { apply: false, signal: opts.signal });
    if (!rec) return { ...plan, items: [], state: 'offline' };
    for (const o of rec.orphans) {
      if (o.link) continue; // links are never followed or moved; they stay where they are
      orphanFiles++;
      orphanBytes += o.size;
      if (!want.has('orphans')) continue;
      const inTrash = o.rel.startsWith('trash/');
      items.push({
        kind: 'orphans',
        path: o.rel,
        id: null,
        bytes: o.size,
        files: 1,
        action: inTrash ? 'adopt' : 'quarantine',
        reason: inTrash ? 'an unregistered file already in trash/: registered so retention removes it' : 'a file in the library layout that no recording owns',
      });
    }
    if (want.has('missing')) items.push(...planMissing(lib, rec.missing));
    if (want.has('empty')) {
      // temp/ is the temp kind's business (by age); this kind covers users/ and trash/.
      const all = rec.emptyDirs.filter((d) => !isProtectedDir(d));
      const set = new Set(all);
      for (const d of all) {
        if (set.has(path.posix.dirname(d))) continue; // the topmost empty folder covers the ones inside it
        items.push({ kind: 'empty', path: d, id: null, bytes: 0, files: 0, action: 'remove-dir', reason: 'an empty folder inside the library layout' });
      }
    }
  }

  for (const it of items) {
    plan.totalBytes += it.bytes;
    plan.byKind[it.kind].count++;
    plan.byKind[it.kind].bytes += it.bytes;
  }
  const totals = lib.sqlite.prepare('SELECT COUNT(*) AS n, COALESCE(SUM(size), 0) AS b FROM files').get() as { n: number; b: number };
  const libFiles = totals.n + orphanFiles;
  const libBytes = totals.b + orphanBytes;
  const touched = items.filter((i) => CONTENT_KINDS.has(i.kind));
  const tf = touched.reduce((a, i) => a + i.files, 0);
  const tb = touched.reduce((a, i) => a + i.bytes, 0);
  plan.share = { files: libFiles ? tf / libFiles : 0, bytes: libBytes ? tb / libBytes : 0 };
  plan.needsConfirm = plan.share.files > settings.cleanup.safetyShare || plan.share.bytes > settings.cleanup.safetyShare;
  plan.digest = hashBytes(plan.items.map((i) => `${i.kind}\t${i.path ?? ''}\t${i.id ?? ''}\t${i.action}\t${i.bytes}`).join('\n'));
  return plan;
}

/** Groups temp/ into job folders (temp/<uid>/<job>) and loose files; old when the newest entry inside is old. */
export function planTemp(lib: Library, now: number, maxAgeHours: number): CleanupItem[] {
  const w = walkInline({ root: lib.root, tops: ['temp'], partSuffix: '\0none' });
  const groups = new Map<string, { newest: number; bytes: number; files: number }>();
  for (let i = 0; i < w.paths.length; i++) {
    const rel = w.paths[i]!;
    const parts = rel.split('/');
    // temp/<uid>/<job>/... is one job's scratch; anything shallower is its own item.
    const key = parts.length >= 4 ? parts.slice(0, 3).join('/') : rel;
    const g = groups.get(key) ?? { newest: 0, bytes: 0, files: 0 };
    if (w.types[i] !== 'e') {
      g.newest = Math.max(g.newest, w.mtimes[i]!);
      g.bytes += w.sizes[i]!;
      g.files++;
    }
    groups.set(key, g);
  }
  const cutoff = now - maxAgeHours * HOUR_MS;
  const items: CleanupItem[] = [];
  // A crashed job's scratch may hold the files it set aside; its journal row owns that folder
  // until recovery puts them back, whatever the folder's age.
  const owned = new Set(
    (lib.sqlite.prepare("SELECT json_extract(payload, '$.tempDir') AS dir FROM journal WHERE op = 'process'").all() as { dir: string | null }[])
      .map((r) => r.dir)
      .filter((d): d is string => d !== null),
  );
  for (const [rel, g] of groups) {
    if ([...owned].some((d) => rel === d || rel.startsWith(`${d}/`) || d.startsWith(`${rel}/`))) continue;
    const own = dirMtime(lib, rel);
    const newest = Math.max(g.newest, own);
    if (newest > cutoff) continue;
    if (isProtectedDir(rel)) continue;
    items.push({ kind: 'temp', path: rel, id: null, bytes: g.bytes, files: g.files, action: 'remove', reason: `temporary files older than ${maxAgeHours} h` });
  }
  return items;
}

/** lstat: the age of a link is the link's own, never its target's. */
function dirMtime(lib: Library, rel: string): number {
  try {
    return Math.round(lstatSync(lib.paths.abs(rel)).mtimeMs);
  } catch {
    return 0;
  }
}

export function planExpired(lib: Library, now: number): CleanupItem[] {
  const rows = lib.sqlite
    .prepare(
      `SELECT r.id, r.expire_at AS expireAt, r.created_at AS createdAt, p.expire_after_days AS policyDays,
              (SELECT COALESCE(SUM(size), 0) FROM files f WHERE f.recording_id = r.id) AS bytes,
              (SELECT COUNT(*) FROM files f WHERE f.recording_id = r.id) AS files
         FROM recordings r JOIN profiles p ON p.id = r.profile_id
        WHERE r.status NOT IN ('trashed', 'importing') AND (r.expire_at IS NOT NULL OR p.expire_after_days IS NOT NULL)`,
    )
    .all() as { id: number; expireAt: number | null; createdAt: number; policyDays: number | null; bytes: number; files: number }[];
  const items: CleanupItem[] = [];
  for (const r of rows) {
    const at = expiryOf(r);
    if (at === null || at > now) continue;
    items.push({ kind: 'expired', path: null, id: r.id, bytes: r.bytes, files: r.files, action: 'trash', reason: `expired on ${new Date(at).toISOString().slice(0, 10)}` });
  }
  return items;
}

export function expiryOf(r: { expireAt: number | null; createdAt: number; policyDays: number | null }): number | null {
  if (r.expireAt !== null) return r.expireAt;
  return r.policyDays !== null ? r.createdAt + r.policyDays * DAY_MS : null;
}

export function planTrash(lib: Library, now: number): CleanupItem[] {
  const items: CleanupItem[] = expiredTrash(lib, now).map((t) => ({
    kind: 'trash' as const,
    path: null,
    id: t.id,
    bytes: t.bytes,
    files: t.files,
    action: 'purge' as const,
    reason: `in the trash longer than ${t.days} days`,
  }));
  const quarantined = lib.sqlite.prepare("SELECT rel_path AS rel, size, profile_id AS profileId FROM files WHERE kind = 'quarantine'").all() as {
    rel: string;
    size: number;
    profileId: number;
  }[];
  for (const q of quarantined) {
    const day = quarantineDay(q.rel);
    const days = retentionDays(lib, q.profileId);
    if (day === null || day + days * DAY_MS > now) continue;
    items.push({ kind: 'trash', path: q.rel, id: null, bytes: q.size, files: 1, action: 'purge', reason: `quarantined longer than ${days} days` });
  }
  return items;
}

export function quarantineDay(rel: string): number | null {
  const m = /^trash\/(\d{4}-\d{2}-\d{2})\//.exec(rel);
  return m ? Date.parse(`${m[1]}T00:00:00Z`) : null;
}

function planMissing(lib: Library, missing: { recordingId: number | null; relPath: string; size: number; fileId: number }[]): CleanupItem[] {
  const byRec = new Map<number, { rel: string; bytes: number; files: number }>();
  const items: CleanupItem[] = [];
  for (const m of missing) {
    if (m.recordingId === null) {
      items.push({ kind: 'missing', path: m.relPath, id: null, bytes: m.size, files: 1, action: 'remove-row', reason: 'a quarantined file that is no longer on disk' });
      continue;
    }
    const g = byRec.get(m.recordingId) ?? { rel: m.relPath, bytes: 0, files: 0 };
    g.bytes += m.size;
    g.files++;
    byRec.set(m.recordingId, g);
  }
  const status = lib.sqlite.prepare('SELECT status FROM recordings WHERE id = ?');
  // Listed by recording id, so a dry run reads the same however the rows were written.
  for (const [id, g] of [...byRec].sort((a, b) => a[0] - b[0])) {
    const s = (status.get(id) as { status: string } | undefined)?.status;
    const marked = s === 'missing';
    items.push({
      kind: 'missing',
      path: g.rel,
      id,
      bytes: g.bytes,
      files: g.files,
      action: marked ? 'remove-row' : 'mark-missing',
      reason: marked ? `marked missing: ${g.files} file(s) gone; their rows are removed` : `${g.files} file(s) gone from the library folder`,
    });
  }
  return items;
}
