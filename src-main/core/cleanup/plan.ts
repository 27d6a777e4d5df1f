/**
 * The dry run of every cleanup kind: exactly which path or recording, which action, how many
 * bytes, and whether the run is a mass change (more than the safety share of the files or the
 * recordings, or more than 1 GB). A mass change needs its own consent beyond an ordinary "yes":
 * a vanished mount or a wrong root looks exactly like that. A library that is not proven online
 * gets an empty plan that says why.
 */
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { CLEANUP_KINDS, type CleanupItem, type CleanupKind, type CleanupPlan } from '@shared/channels/integrity';
import { formatBytes } from '@shared/format';
import { checkAvailability } from '@core/catalog/availability';
import { scanLibrary } from '@core/integrity/scanner/scan';
import { walkInline } from '@core/storage/walk';
import type { Library } from '@core/catalog/library';
import { expiredTrash, retentionDays } from '@core/trash/trash';
import { expiryOf } from '@core/expiry/expiry';
import { hashBytes } from '@core/storage/hash';
import { libraryTotals, listExpiryCandidates, listQuarantined, processTempDirs } from '@core/catalog/repositories/cleanup';
import { recordingExistsIn, recordingStatus } from '@core/catalog/repositories/recordings/scan';
import { unfinishedMigrationPaths } from '@core/catalog/repositories/journal/migration';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A run touching more library content than this is a mass change (decimal GB, as formatBytes shows it). */
export const MASS_CHANGE_BYTES = 1_000_000_000;

/**
 * The share rules count only from this many touched files or recordings. One or two recordings
 * are what a person's own retention setting or a hand deletion produces in a small library (where
 * one of three is already 33 %); a vanished disk never gets this far: the availability evidence and
 * the scan's own mass-missing verdict stop every plan first. The 1 GB rule has no floor.
 */
export const MASS_CHANGE_MIN_ITEMS = 3;

/** Kinds whose items are library content (they count toward the mass-change rule; temp is scratch). */
const CONTENT_KINDS = new Set<CleanupKind>(['expired', 'trash', 'orphans', 'unknown', 'missing']);

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

const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

export async function planCleanup(lib: Library, kinds: readonly CleanupKind[], opts: PlanOptions = {}): Promise<CleanupPlan> {
  const now = opts.now ?? Date.now();
  const want = new Set(kinds);
  const items: CleanupItem[] = [];
  const plan: CleanupPlan = {
    items,
    totalBytes: 0,
    byKind: emptyByKind(),
    share: { files: 0, recordings: 0, bytes: 0 },
    contentBytes: 0,
    massChange: false,
    massReason: null,
    needsConfirm: false,
    state: 'online',
    stateReason: null,
    digest: '',
  };
  const avail = checkAvailability(lib);
  if (avail.state !== 'online') return { ...plan, state: avail.state, stateReason: avail.reason };
  const settings = lib.settings();
  // Whatever the kinds, the library is scanned: a disk that went half away must stop even a
  // "temp only" run, and the scan is what tells (it changes nothing here).
  const { reconciled: rec, classified, report } = await scanLibrary(lib, { apply: false, signal: opts.signal });
  if (!rec || !classified || report.state !== 'online') return { ...plan, state: report.state, stateReason: report.reason };

  if (want.has('temp')) items.push(...planTemp(lib, now, settings.cleanup.tempMaxAgeHours));
  if (want.has('expired')) items.push(...planExpired(lib, now));
  if (want.has('trash')) items.push(...planTrash(lib, now));

  let unregisteredFiles = 0;
  let unregisteredBytes = 0;
  for (const o of [...classified.other, ...classified.unknown]) {
    unregisteredFiles++;
    unregisteredBytes += o.size;
  }
  // A migration killed half way owns the files it moved until it is resumed or undone: moved away,
  // its undo could not put them back into the legacy folder.
  const migrating = want.has('orphans') || want.has('unknown') ? unfinishedMigrationPaths(lib.sqlite) : new Set<string>();
  // The file of a missing recording put elsewhere by hand (its folder renamed, copied and deleted):
  // its recording's only copy, never an unknown file. The scan says where it is; moved back, it heals.
  const strayed = new Set(rec.strayed.map((s) => s.disk.rel));
  if (want.has('orphans')) {
    for (const o of classified.other) {
      if (o.link) continue; // links are never followed or moved; they stay where they are
      if (migrating.has(o.rel) || strayed.has(o.rel)) continue;
      const inTrash = o.rel.startsWith('trash/');
      items.push({
        kind: 'orphans',
        path: o.rel,
        id: null,
        bytes: o.size,
        files: 1,
        action: inTrash ? 'adopt' : 'quarantine',
        reason: inTrash ? 'an unregistered file already in trash/: registered so retention removes it' : 'a file in the library layout, outside any recording folder, that nothing owns',
      });
    }
  }
  if (want.has('unknown')) {
    for (const o of classified.unknown) {
      if (o.link || migrating.has(o.rel) || strayed.has(o.rel)) continue;
      items.push({
        kind: 'unknown',
        path: o.rel,
        id: null,
        bytes: o.size,
        files: 1,
        action: 'quarantine',
        reason: 'a file in a recording folder that Reclib did not put there: moved to trash/ only because you confirmed this list',
      });
    }
  }
  if (want.has('missing')) items.push(...planMissing(lib, rec.missing));
  if (want.has('empty')) {
    // temp/ is the temp kind's business (by age); this kind covers users/ and trash/.
    // The folder of a recording in the catalog stays, even empty: its files may be put back there (a missing recording heals).
    const isRecordingHome = (d: string) => {
      const m = /^users\/(\d+)\/recordings\/(\d+)$/.exec(d);
      return m !== null && recordingExistsIn(lib.sqlite, Number(m[2]), Number(m[1]));
    };
    const all = rec.emptyDirs.filter((d) => !isProtectedDir(d) && !isRecordingHome(d));
    const set = new Set(all);
    for (const d of all) {
      if (set.has(path.posix.dirname(d))) continue; // the topmost empty folder covers the ones inside it
      items.push({ kind: 'empty', path: d, id: null, bytes: 0, files: 0, action: 'remove-dir', reason: 'an empty folder inside the library layout' });
    }
  }

  for (const it of items) {
    plan.totalBytes += it.bytes;
    plan.byKind[it.kind].count++;
    plan.byKind[it.kind].bytes += it.bytes;
  }
  const totals = libraryTotals(lib.sqlite);
  const recordingCount = totals.recordings;
  const libFiles = totals.files + unregisteredFiles;
  const libBytes = totals.bytes + unregisteredBytes;
  const touched = items.filter((i) => CONTENT_KINDS.has(i.kind));
  const tf = touched.reduce((a, i) => a + i.files, 0);
  // Marking a recording missing moves no byte: it counts by files and recordings, not by size.
  const tb = touched.filter((i) => i.kind !== 'missing').reduce((a, i) => a + i.bytes, 0);
  const tr = new Set(touched.filter((i) => i.id !== null).map((i) => i.id)).size;
  plan.contentBytes = tb;
  plan.share = { files: libFiles ? tf / libFiles : 0, recordings: recordingCount ? tr / recordingCount : 0, bytes: libBytes ? tb / libBytes : 0 };
  const limit = settings.cleanup.safetyShare;
  const reasons: string[] = [];
  if (plan.share.recordings > limit && tr >= MASS_CHANGE_MIN_ITEMS) reasons.push(`${tr} of ${recordingCount} recordings (${pct(plan.share.recordings)})`);
  if (plan.share.files > limit && tf >= MASS_CHANGE_MIN_ITEMS) reasons.push(`${tf} of ${libFiles} files (${pct(plan.share.files)})`);
  if (tb > MASS_CHANGE_BYTES) reasons.push(`${formatBytes(tb)}, more than ${formatBytes(MASS_CHANGE_BYTES)}`);
  plan.massChange = reasons.length > 0;
  plan.massReason = plan.massChange ? `it would touch ${reasons.join(' and ')}` : null;
  plan.needsConfirm = plan.massChange;
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
  const owned = new Set(processTempDirs(lib.sqlite));
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
  const items: CleanupItem[] = [];
  for (const r of listExpiryCandidates(lib.sqlite)) {
    const at = expiryOf(r);
    if (at === null || at > now) continue;
    items.push({ kind: 'expired', path: null, id: r.id, bytes: r.bytes, files: r.files, action: 'trash', reason: `expired on ${new Date(at).toISOString().slice(0, 10)}` });
  }
  return items;
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
  for (const q of listQuarantined(lib.sqlite)) {
    const day = quarantineDay(q.relPath);
    const days = retentionDays(lib, q.profileId);
    if (day === null || day + days * DAY_MS > now) continue;
    items.push({ kind: 'trash', path: q.relPath, id: null, bytes: q.size, files: 1, action: 'purge', reason: `quarantined longer than ${days} days` });
  }
  return items;
}

export function quarantineDay(rel: string): number | null {
  const m = /^trash\/(\d{4}-\d{2}-\d{2})\//.exec(rel);
  return m ? Date.parse(`${m[1]}T00:00:00Z`) : null;
}

/**
 * The missing kind only ever marks: recordings whose files are gone become `missing` (row, name,
 * template and history kept; the next scan that finds the files undoes it). Recordings already
 * marked have nothing to do; only an explicit `forget` drops one. A quarantined file (no recording)
 * gone from trash/ may lose its row, but only while trash/ is a real folder: a trash/ that is a
 * link, or absent, says nothing about what is in it.
 */
function planMissing(lib: Library, missing: { recordingId: number | null; relPath: string; size: number; fileId: number; kind: string }[]): CleanupItem[] {
  const byRec = new Map<number, { rel: string; bytes: number; files: number }>();
  const items: CleanupItem[] = [];
  const trashIsFolder = (() => {
    try {
      return lstatSync(lib.paths.abs(lib.paths.trashRoot())).isDirectory();
    } catch {
      return false;
    }
  })();
  for (const m of missing) {
    if (m.recordingId === null) {
      if (m.kind === 'quarantine' && trashIsFolder && m.relPath.startsWith('trash/')) {
        items.push({ kind: 'missing', path: m.relPath, id: null, bytes: m.size, files: 1, action: 'remove-row', reason: 'a quarantined file that is no longer in trash/' });
      }
      continue;
    }
    const g = byRec.get(m.recordingId) ?? { rel: m.relPath, bytes: 0, files: 0 };
    g.bytes += m.size;
    g.files++;
    byRec.set(m.recordingId, g);
  }
  // Listed by recording id, so a dry run reads the same however the rows were written.
  for (const [id, g] of [...byRec].sort((a, b) => a[0] - b[0])) {
    const s = recordingStatus(lib.sqlite, id);
    if (s === null || ['missing', 'trashed', 'importing', 'processing'].includes(s)) continue;
    items.push({ kind: 'missing', path: g.rel, id, bytes: g.bytes, files: g.files, action: 'mark-missing', reason: `${g.files} file(s) gone from the library folder: marked missing (nothing is removed)` });
  }
  return items;
}
