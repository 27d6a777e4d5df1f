/**
 * Turns a scan of a legacy media/ folder into a plan: which files make which recording, where each
 * one goes in the ID layout, which copies are duplicates, and what stays behind and why. The plan
 * is pure data (stored in migration_runs when a run starts), so a dry run shows exactly what an
 * apply will do. Rules (DESIGN §5): data.db is authoritative when it is a real legacy catalog;
 * otherwise names and dates match, and only a match with exactly one candidate on both sides is
 * taken. Anything uncertain becomes its own recording or a leftover, with the reason.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileKind } from '@shared/domain';
import { hashFile } from '../storage/hash';
import type { LibraryPaths, TranscriptFile } from '../storage/paths';
import { type LegacyRow, parseLegacyTime } from '../catalog/legacy-db';
import {
  dayDistance,
  displayFromSanitized,
  nameKey,
  namesCompatible,
  parseOriginal,
  parseProcessed,
} from './names';
import type { ScanResult, ScannedFile } from './scan';

export type PlanAction = 'move' | 'dedupe' | 'leave';

export interface PlanFile {
  /** Relative to the media folder. */
  from: string;
  /** Relative to the library; for a dedupe, the kept copy. */
  to: string | null;
  action: PlanAction;
  reason: string | null;
  bytes: number;
  /** Content hash from the scan; null for large media that are never compared (hashed by their move). */
  hash: string | null;
  /** An uncertain match (never guessed): the wizard lists these under Conflicts. */
  conflict?: boolean;
  /** Kind of the files-table row it becomes; null when it is not registered (shared templates, the legacy archive). */
  kind: FileKind | null;
}

export type GroupKind = 'recording' | 'thumbnails' | 'templates' | 'archive';

export interface PlanGroup {
  kind: GroupKind;
  legacyId: number | null;
  displayName: string;
  profileId: number;
  /** The catalog id the recording gets (reserved when the run starts); null for non-recording groups. */
  recordingId: number | null;
  startTime: number;
  status: 'ready' | 'processed';
  files: PlanFile[];
}

export interface PlanLeftover {
  path: string;
  reason: string;
  bytes: number;
  /** A regular file (a link or socket is checked only for presence). */
  regular: boolean;
}

export interface PlanProfile {
  id: number;
  name: string;
  /** Created by this run (and removed again by its undo). */
  create: boolean;
}

export interface PlanTotals {
  files: number;
  bytes: number;
  move: number;
  dedupe: number;
  leave: number;
}

export interface MigrationPlan {
  runId: string;
  mediaDir: string;
  createdAt: string;
  profiles: PlanProfile[];
  recordings: PlanGroup[];
  leftovers: PlanLeftover[];
  /** Every folder of the legacy tree, so an undo recreates empty ones as well. */
  dirs: string[];
  totals: PlanTotals;
  usedDataDb: boolean;
}

export interface PlanContext {
  runId: string;
  paths: LibraryPaths;
  existingProfiles: { id: number; name: string }[];
  nextRecordingId: number;
  /** Content hash -> relative path of thumbnails already in shared/thumbnails. */
  sharedThumbnails: Map<string, string>;
  /** `<profile id>/<hash>` -> relative path of profile thumbnails already in the library (an earlier run's, or uploads). */
  existingThumbnails?: Map<string, string>;
  /** Size -> hashes (and recordings) of source files already registered in the library. */
  registeredSources?: Map<number, { hash: string; recordingId: number }[]>;
  /** Rows of media/data.db when it is a legacy catalog, else the reason it is not. */
  legacyDb: { ok: true; rows: LegacyRow[] } | { ok: false; reason: string } | null;
}

export const TEMP_REASON = 'temp_processing leftover: listed for cleanup';
const OLDEST = 0;

export function legacyProfileName(user: number): string {
  return user === OLDEST ? 'Default' : `Legacy user ${user}`;
}

/**
 * Only files that can be compared with another (audio copies, thumbnails, templates, transcripts,
 * data.db) are hashed by the scan; originals and processed videos are hashed by their move, so a
 * large tree is read once less.
 */
export function needsScanHash(rel: string): boolean {
  return ['db', 'template', 'audio', 'transcript', 'thumbnail'].includes(placeOf(rel).t);
}

/** Where a file sits in the legacy layout. */
type Place =
  | { t: 'db' }
  | { t: 'template'; name: string }
  | { t: 'original'; scope: number }
  | { t: 'processed'; scope: number }
  | { t: 'audio'; scope: number; preferred: boolean }
  | { t: 'temp'; scope: number }
  | { t: 'transcript'; scope: number; folder: string; inner: string }
  | { t: 'thumbnail'; scope: number }
  | { t: 'unknown' };

function placeOf(rel: string): Place {
  const parts = rel.split('/');
  if (rel === 'data.db') return { t: 'db' };
  if (parts.length === 3 && parts[0] === 'templates' && parts[1] === 'thumbnails') return { t: 'template', name: parts[2] ?? '' };
  let scope = OLDEST;
  let rest = parts;
  const user = /^user_(\d{1,9})$/.exec(parts[0] ?? '');
  if (user?.[1]) {
    // user_4 and user_000004 are the same legacy user (the slug is the zero-padded id).
    scope = Number(user[1]);
    if (scope === OLDEST) return { t: 'unknown' };
    rest = parts.slice(1);
  }
  const [a, b] = rest;
  if (a === 'video' && rest.length === 3 && b === 'unprocessed') return { t: 'original', scope };
  if (a === 'video' && rest.length === 3 && b === 'processed') return { t: 'processed', scope };
  if (a === 'video' && rest.length >= 3 && b === 'temp_processing') return { t: 'temp', scope };
  if (a === 'audio' && rest.length === 3 && b === 'processed') return { t: 'audio', scope, preferred: true };
  if (a === 'processed_audio' && rest.length === 2) return { t: 'audio', scope, preferred: false };
  if (a === 'transcriptions' && rest.length >= 3 && b) return { t: 'transcript', scope, folder: parts.slice(0, parts.length - rest.length + 2).join('/'), inner: rest.slice(2).join('/') };
  if (a === 'thumbnails' && rest.length === 2) return { t: 'thumbnail', scope };
  return { t: 'unknown' };
}

interface Unit {
  scope: number;
  legacyId: number | null;
  dbName: string | null;
  masterName: string | null;
  startTime: number | null;
  stem: string | null;
  sanitized: string | null;
  original: ScannedFile | null;
  originalName: string | null;
  originalDate: string | null;
  video: ScannedFile | null;
  /** Identical copies of `video` under the same stem (removed once it is in place). */
  videoCopies: ScannedFile[];
  audios: ScannedFile[];
  transcript: { folder: string; files: { f: ScannedFile; inner: string }[] } | null;
  reasons: Map<string, string>;
  mtime: number;
}

function newUnit(scope: number): Unit {
  return {
    scope,
    legacyId: null,
    dbName: null,
    masterName: null,
    startTime: null,
    stem: null,
    sanitized: null,
    original: null,
    originalName: null,
    originalDate: null,
    video: null,
    videoCopies: [],
    audios: [],
    transcript: null,
    reasons: new Map(),
    mtime: 0,
  };
}

interface MasterInfo {
  recordingId: number | null;
  name: string | null;
  startTime: number | null;
}

async function readMaster(mediaDir: string, rel: string): Promise<MasterInfo> {
  try {
    const raw = JSON.parse(await fs.readFile(path.join(mediaDir, ...rel.split('/')), 'utf8')) as Record<string, unknown>;
    const idRaw = raw.recording_id ?? raw.recordingId;
    const id = typeof idRaw === 'number' || (typeof idRaw === 'string' && /^\d+$/.test(idRaw)) ? Number(idRaw) : null;
    const nameRaw = raw.display_name ?? raw.displayName ?? raw.title ?? raw.name;
    const t = raw.start_time ?? raw.startTime;
    return {
      recordingId: id,
      name: typeof nameRaw === 'string' && nameRaw.trim() ? nameRaw.normalize('NFC') : null,
      startTime: parseLegacyTime(t),
    };
  } catch {
    return { recordingId: null, name: null, startTime: null };
  }
}

/** Maps a path stored in data.db (absolute on the old machine, or relative) to a scanned file. */
function resolveDbPath(p: string | null, byRel: Map<string, ScannedFile>): string | null {
  if (!p) return null;
  const parts = p.normalize('NFC').replace(/\\/g, '/').split('/').filter((s) => s && s !== '.');
  for (let i = 0; i < parts.length; i++) {
    const cand = parts.slice(i).join('/');
    if (byRel.has(cand)) return cand;
  }
  return null;
}

function resolveDbDir(p: string | null, dirs: Set<string>): string | null {
  if (!p) return null;
  const parts = p.normalize('NFC').replace(/\\/g, '/').split('/').filter((s) => s && s !== '.');
  for (let i = 0; i < parts.length; i++) {
    const cand = parts.slice(i).join('/');
    if (dirs.has(cand)) return cand;
  }
  return null;
}

function thumbToken(hash: string): string {
  return `legacy-${hash.replace(/^xxh3:/, '')}`;
}

export async function buildPlan(scan: ScanResult, ctx: PlanContext): Promise<MigrationPlan> {
  const byRel = new Map(scan.files.map((f) => [f.rel, f]));
  const claimed = new Set<string>();
  const leftovers: PlanLeftover[] = [];
  const leave = (f: ScannedFile, reason: string) => {
    claimed.add(f.rel);
    leftovers.push({ path: f.rel, reason, bytes: f.size, regular: f.kind === 'file' });
  };
  const dirSet = new Set(scan.dirs);

  // Files that are not regular files are never followed or moved.
  for (const f of scan.files) if (f.kind !== 'file') leave(f, f.kind === 'link' ? 'symbolic link: not followed' : 'not a regular file');

  const places = new Map<string, Place>();
  for (const f of scan.files) if (!claimed.has(f.rel)) places.set(f.rel, placeOf(f.rel));
  const placed = (t: Place['t']) => scan.files.filter((f) => !claimed.has(f.rel) && places.get(f.rel)?.t === t);

  for (const f of placed('temp')) leave(f, TEMP_REASON);
  for (const f of placed('unknown')) leave(f, 'unknown file: not part of any legacy layout');

  const units: Unit[] = [];
  const unitOfStem = new Map<string, Unit>();
  const stemKey = (scope: number, stem: string) => `${scope}/${stem}`;
  const audioPref = (f: ScannedFile) => (places.get(f.rel) as { preferred?: boolean } | undefined)?.preferred ?? false;
  const addAudio = (u: Unit, f: ScannedFile) => {
    u.audios.push(f);
    u.audios.sort((a, b) => Number(audioPref(b)) - Number(audioPref(a)) || a.rel.localeCompare(b.rel));
    claimed.add(f.rel);
  };
  const scopeOf = (f: ScannedFile) => (places.get(f.rel) as { scope?: number } | undefined)?.scope ?? OLDEST;

  // Transcription folders, grouped.
  const transcriptFolders = new Map<string, { scope: number; folder: string; files: { f: ScannedFile; inner: string }[] }>();
  for (const f of placed('transcript')) {
    const p = places.get(f.rel) as Extract<Place, { t: 'transcript' }>;
    const entry = transcriptFolders.get(p.folder) ?? { scope: p.scope, folder: p.folder, files: [] };
    entry.files.push({ f, inner: p.inner });
    transcriptFolders.set(p.folder, entry);
  }
  // `<scope>/<legacy id>` -> folder, so joining thousands of rows stays linear.
  const transcriptById = new Map<string, string>();
  for (const t of transcriptFolders.values()) {
    const id = /^\d+$/.exec(path.posix.basename(t.folder));
    if (id) transcriptById.set(`${t.scope}/${id[0]}`, t.folder);
  }
  const attachTranscript = (u: Unit, folder: string): boolean => {
    const t = transcriptFolders.get(folder);
    if (!t || u.transcript) return false;
    u.transcript = t;
    for (const x of t.files) claimed.add(x.f.rel);
    transcriptFolders.delete(folder);
    return true;
  };

  // 1. data.db: the authoritative map when it is a legacy catalog.
  const dbFile = byRel.get('data.db');
  const dbUnits = new Map<number, Unit>();
  const usedDataDb = ctx.legacyDb?.ok === true;
  if (ctx.legacyDb?.ok) {
    for (const row of ctx.legacyDb.rows) {
      const local = resolveDbPath(row.localVideoPath, byRel);
      const video = resolveDbPath(row.processedVideoPath, byRel);
      const audio = resolveDbPath(row.processedAudioPath, byRel);
      const free = (r: string | null) => (r && !claimed.has(r) ? byRel.get(r) ?? null : null);
      const o = free(local);
      const v = free(video);
      const a = free(audio);
      const scopeFile = o ?? v ?? a;
      const scope = scopeFile ? scopeOf(scopeFile) : row.userId ?? OLDEST;
      const u = newUnit(scope);
      u.legacyId = row.id;
      u.dbName = row.displayName;
      u.startTime = row.startTime;
      if (o) {
        u.original = o;
        claimed.add(o.rel);
        const parsed = parseOriginal(path.posix.basename(o.rel));
        u.originalName = parsed?.name ?? null;
        u.originalDate = parsed?.date ?? null;
      }
      if (v) {
        u.video = v;
        claimed.add(v.rel);
      }
      if (a) addAudio(u, a);
      const pn = parseProcessed(path.posix.basename((v ?? a)?.rel ?? ''));
      if (pn) {
        u.stem = pn.stem;
        u.sanitized = pn.sanitized;
        u.startTime ??= pn.startTime;
      }
      const tdir = resolveDbDir(row.transcriptionDir, dirSet);
      if (tdir) attachTranscript(u, tdir);
      const byId = transcriptById.get(`${scope}/${row.id}`);
      if (!u.transcript && byId && transcriptFolders.has(byId)) attachTranscript(u, byId);
      if (!u.original && !u.video && u.audios.length === 0 && !u.transcript) continue;
      units.push(u);
      dbUnits.set(row.id, u);
      if (u.stem) unitOfStem.set(stemKey(scope, u.stem), u);
    }
  }

  // 2. The rest by name: processed files of one stem are certain to belong together.
  for (const f of [...placed('processed'), ...placed('audio')]) {
    if (claimed.has(f.rel)) continue;
    const pn = parseProcessed(path.posix.basename(f.rel));
    const scope = scopeOf(f);
    const isVideo = places.get(f.rel)?.t === 'processed';
    if (!pn) {
      if (isVideo) {
        const u = newUnit(scope);
        u.video = f;
        claimed.add(f.rel);
        u.reasons.set(f.rel, 'processed file name is not in the legacy pattern: imported as its own recording');
        u.masterName = path.posix.basename(f.rel, path.posix.extname(f.rel));
        units.push(u);
      } else leave(f, 'audio file name is not in the legacy pattern: its recording cannot be identified');
      continue;
    }
    const key = stemKey(scope, pn.stem);
    let u = unitOfStem.get(key);
    if (!u) {
      u = newUnit(scope);
      u.stem = pn.stem;
      u.sanitized = pn.sanitized;
      u.startTime = pn.startTime;
      unitOfStem.set(key, u);
      units.push(u);
    }
    if (isVideo) {
      if (u.video) {
        // The same stem twice (user_4 and user_000004): an identical copy is a duplicate, else not guessed.
        if (u.video.size === f.size && f.size > 0) {
          const abs = (x: ScannedFile) => path.join(scan.root, ...x.rel.split('/'));
          u.video.hash ??= (await hashFile(abs(u.video))).hash;
          f.hash ??= (await hashFile(abs(f))).hash;
          if (f.hash === u.video.hash) {
            u.videoCopies.push(f);
            claimed.add(f.rel);
            continue;
          }
        }
        leave(f, `a second processed video for ${u.video.rel}: not guessed`);
        continue;
      }
      u.video = f;
      claimed.add(f.rel);
    } else addAudio(u, f);
  }

  // 3. Originals to processed stems: exactly one candidate both ways, else nothing is guessed.
  const originals = placed('original').filter((f) => !claimed.has(f.rel));
  const stemUnits = units.filter((u) => u.stem && !u.original && u.legacyId === null);
  // Indexed by scope and name key; only names cut at 60 need the (rare) prefix scan.
  const stemIndex = new Map<string, Unit[]>();
  for (const u of stemUnits) {
    const k = `${u.scope}/${nameKey(u.sanitized ?? '')}`;
    stemIndex.set(k, [...(stemIndex.get(k) ?? []), u]);
  }
  const candidates = new Map<ScannedFile, Unit[]>();
  const wanted = new Map<Unit, ScannedFile[]>();
  for (const o of originals) {
    const on = parseOriginal(path.posix.basename(o.rel));
    if (!on) continue;
    const pool = Array.from(on.name).length >= 60 ? stemUnits : (stemIndex.get(`${scopeOf(o)}/${nameKey(on.name)}`) ?? []);
    const compatible = pool.filter((u) => {
      if (u.scope !== scopeOf(o) || !u.sanitized || !u.stem) return false;
      if (!namesCompatible(on.name, u.sanitized)) return false;
      if (!on.date) return true;
      const pd = new Date(u.startTime ?? 0).toISOString().slice(0, 10);
      return dayDistance(pd, on.date) <= 1;
    });
    // Same day first; the day before or after only counts (time zones) when no same-day one exists.
    const sameDay = compatible.filter((u) => !on.date || new Date(u.startTime ?? 0).toISOString().slice(0, 10) === on.date);
    const cands = sameDay.length ? sameDay : compatible;
    candidates.set(o, cands);
    for (const u of cands) wanted.set(u, [...(wanted.get(u) ?? []), o]);
  }
  for (const o of originals) {
    const on = parseOriginal(path.posix.basename(o.rel));
    const cands = candidates.get(o) ?? [];
    const only = cands.length === 1 ? cands[0] : undefined;
    if (only && (wanted.get(only) ?? []).length === 1) {
      only.original = o;
      only.originalName = on?.name ?? null;
      only.originalDate = on?.date ?? null;
      claimed.add(o.rel);
      continue;
    }
    const u = newUnit(scopeOf(o));
    u.original = o;
    claimed.add(o.rel);
    u.originalName = on?.name ?? path.posix.basename(o.rel, path.posix.extname(o.rel));
    u.originalDate = on?.date ?? null;
    u.mtime = o.mtimeMs;
    if (!on) u.reasons.set(o.rel, 'original file name is not in the legacy pattern: imported as its own recording');
    else if (cands.length > 1) {
      u.reasons.set(o.rel, `${cands.length} processed candidates (${cands.map((c) => c.stem).join(', ')}): not guessed, imported as its own recording`);
      for (const c of cands) for (const f of [c.video, ...c.audios]) if (f) c.reasons.set(f.rel, `the original ${o.rel} matches ${cands.length} processed recordings: not guessed`);
    } else if (only) {
      u.reasons.set(o.rel, `its processed candidate ${only.stem} also matches another original: not guessed, imported as its own recording`);
      for (const f of [only.video, ...only.audios]) if (f) only.reasons.set(f.rel, `${(wanted.get(only) ?? []).length} originals match this processed recording: not guessed`);
    }
    units.push(u);
  }

  // Name indexes (scope + normalised key), so joining thousands of folders stays linear.
  const bySanitized = new Map<string, Unit[]>();
  const byName = new Map<string, Unit[]>();
  const push = (m: Map<string, Unit[]>, k: string, u: Unit) => {
    const list = m.get(k);
    if (list) list.push(u);
    else m.set(k, [u]);
  };
  for (const u of units) {
    if (u.sanitized !== null) push(bySanitized, `${u.scope}/${nameKey(u.sanitized)}`, u);
    const n = u.dbName ?? u.sanitized ?? u.originalName;
    if (n) push(byName, `${u.scope}/${nameKey(n)}`, u);
  }
  // The day a unit was recorded: its start time, else the date in its original's file name (UTC).
  const unitDay = (u: Unit): string | null => (u.startTime !== null ? new Date(u.startTime).toISOString().slice(0, 10) : u.originalDate);
  // 4. Transcription folders still unassigned: through master.json's recording id, or the old name form.
  for (const t of [...transcriptFolders.values()]) {
    const base = path.posix.basename(t.folder);
    const master = t.files.find((x) => x.inner === 'master.json');
    const info = master ? await readMaster(scan.root, master.f.rel) : { recordingId: null, name: null, startTime: null };
    let target: Unit | undefined;
    let why = '';
    if (info.recordingId !== null && dbUnits.has(info.recordingId)) target = dbUnits.get(info.recordingId);
    if (!target && base.startsWith('transcription_')) {
      const x = base.slice('transcription_'.length);
      const withDate = unitOfStem.get(stemKey(t.scope, `${x}_processed`));
      if (withDate) target = withDate;
      else {
        const hits = (bySanitized.get(`${t.scope}/${nameKey(x)}`) ?? []).filter((u) => !u.transcript);
        if (hits.length === 1) target = hits[0];
        else why = hits.length > 1 ? `${hits.length} recordings named like ${x}: not guessed` : `no recording named like ${x}`;
      }
    }
    if (!target && info.name) {
      const named = (byName.get(`${t.scope}/${nameKey(info.name)}`) ?? []).filter((u) => !u.transcript);
      // A name alone is not enough: both sides need a date (an original keeps its date in its file
      // name), and they must agree within a day. Without a date the match is uncertain: not guessed.
      const dated = named.filter((u) => info.startTime !== null && unitDay(u) !== null);
      const hits = dated.filter((u) => dayDistance(new Date(info.startTime!).toISOString().slice(0, 10), unitDay(u)!) <= 1);
      if (hits.length === 1) target = hits[0];
      else if (hits.length > 1) why = `master.json names ${hits.length} matching recordings: not guessed`;
      else if (named.length > dated.length) {
        why = `master.json names ${info.name} but ${info.startTime === null ? 'has no start time' : 'the recording of that name has no date'}: an uncertain match, not guessed`;
      } else why = named.length ? `master.json names ${info.name} on another day: not attached` : 'master.json names no recording found here';
    }
    if (target && attachTranscript(target, t.folder)) {
      if (!target.masterName && info.name) target.masterName = info.name;
      continue;
    }
    const reason =
      why ||
      (info.recordingId !== null
        ? `transcription of legacy recording ${info.recordingId}, which ${usedDataDb ? 'data.db does not list' : 'cannot be identified without data.db'}`
        : 'transcription folder whose recording cannot be identified');
    for (const x of t.files) leave(x.f, reason);
    transcriptFolders.delete(t.folder);
  }

  // 5. Profiles: one per legacy user folder; the oldest single-user generation is the default profile.
  const profiles: PlanProfile[] = [];
  let nextProfile = Math.max(0, ...ctx.existingProfiles.map((p) => p.id)) + 1;
  const profileOfScope = new Map<number, number>();
  const scopes = new Set<number>();
  for (const u of units) scopes.add(u.scope);
  for (const f of placed('thumbnail')) scopes.add(scopeOf(f));
  for (const s of [...scopes].sort((a, b) => a - b)) {
    const name = legacyProfileName(s);
    const existing = s === OLDEST ? (ctx.existingProfiles.find((p) => p.id === 1) ?? ctx.existingProfiles[0]) : ctx.existingProfiles.find((p) => p.name === name);
    if (existing) {
      profileOfScope.set(s, existing.id);
      profiles.push({ id: existing.id, name: existing.name, create: false });
    } else {
      const id = s === OLDEST ? 1 : nextProfile++;
      profileOfScope.set(s, id);
      profiles.push({ id, name, create: true });
    }
  }

  // 6. Units become recordings with ids and destinations.
  const groups: PlanGroup[] = [];
  units.sort((a, b) => a.scope - b.scope || (a.startTime ?? a.mtime) - (b.startTime ?? b.mtime) || (a.original?.rel ?? a.video?.rel ?? a.audios[0]?.rel ?? a.transcript?.folder ?? '').localeCompare(b.original?.rel ?? b.video?.rel ?? b.audios[0]?.rel ?? b.transcript?.folder ?? ''));
  let nextId = ctx.nextRecordingId;
  const archiveFiles: PlanFile[] = [];
  // Originals and processed videos are not hashed by the scan; only those whose name and size
  // collide within a legacy user (user_4 and user_000004 copies), or whose size is a source already
  // in the library, are read now, so copies are found without reading every large file twice.
  const sizeKey = (scope: number, f: ScannedFile) => `${scope}/${f.size}/${path.posix.basename(f.rel)}`;
  const sizeCount = new Map<string, number>();
  for (const u of units) for (const f of [u.original, u.video]) if (f) sizeCount.set(sizeKey(u.scope, f), (sizeCount.get(sizeKey(u.scope, f)) ?? 0) + 1);
  for (const u of units) {
    for (const f of [u.original, u.video]) {
      if (!f || f.hash !== null || f.size === 0) continue;
      if ((sizeCount.get(sizeKey(u.scope, f)) ?? 0) > 1 || (f === u.original && ctx.registeredSources?.has(f.size))) {
        f.hash = (await hashFile(path.join(scan.root, ...f.rel.split('/')))).hash;
      }
    }
  }
  // `<scope>/<kind>/<hash>/<file name>` -> the first copy planned to move, and the files list of its recording.
  const firstCopy = new Map<string, { file: PlanFile; files: PlanFile[] }>();
  for (const u of units) {
    const profileId = profileOfScope.get(u.scope) ?? 1;
    const recordingId = nextId;
    const files: PlanFile[] = [];
    const dups: { f: ScannedFile; kept: { file: PlanFile; files: PlanFile[] } }[] = [];
    const add = (f: ScannedFile, to: string | null, kind: FileKind | null, action: PlanAction = 'move', reason: string | null = null) =>
      files.push({ from: f.rel, to, action, reason: u.reasons.get(f.rel) ?? reason, bytes: f.size, hash: f.hash, kind, conflict: u.reasons.has(f.rel) });
    const extOk = (e: string) => /^[a-z0-9]{1,8}$/.test(e);
    const addMedia = (f: ScannedFile, kind: 'source' | 'video', e: string) => {
      // Copies carry the same file name (user_4 and user_000004); identical bytes under another
      // name are another recording's file and both are kept (its name and date are its own).
      const key = f.hash !== null ? `${u.scope}/${kind}/${f.hash}/${path.posix.basename(f.rel)}` : null;
      const known = kind === 'source' && f.hash !== null ? ctx.registeredSources?.get(f.size)?.find((r) => r.hash === f.hash) : undefined;
      const kept = key !== null ? firstCopy.get(key) : undefined;
      if (known) leave(f, `already in the library as #${known.recordingId}`);
      else if (kept) dups.push({ f, kept });
      else {
        add(f, ctx.paths.recordingFile(profileId, recordingId, kind, e), kind);
        if (key !== null) firstCopy.set(key, { file: files[files.length - 1]!, files });
      }
    };
    if (u.original) {
      const e = path.posix.extname(u.original.rel).slice(1).toLowerCase();
      if (extOk(e)) addMedia(u.original, 'source', e);
      else leave(u.original, `unsupported file extension ".${e}" for a recording`);
    }
    if (u.video) {
      const e = path.posix.extname(u.video.rel).slice(1).toLowerCase();
      if (extOk(e)) {
        addMedia(u.video, 'video', e);
        const kept = firstCopy.get(`${u.scope}/video/${u.video.hash}/${path.posix.basename(u.video.rel)}`);
        for (const c of u.videoCopies) {
          if (kept) dups.push({ f: c, kept });
          else leave(c, `identical copy of ${u.video.rel}, which stays: kept too`);
        }
      } else {
        leave(u.video, `unsupported file extension ".${e}" for a processed video`);
        for (const c of u.videoCopies) leave(c, `identical copy of ${u.video.rel}, which stays: kept too`);
      }
    }
    const keptAudio = u.audios.find((a) => a.rel.toLowerCase().endsWith('.mp3'));
    for (const a of u.audios) {
      if (a === keptAudio) add(a, ctx.paths.recordingFile(profileId, recordingId, 'audio'), 'audio');
      else if (!a.rel.toLowerCase().endsWith('.mp3')) leave(a, 'processed audio that is not mp3: not converted');
      else if (keptAudio && a.hash === keptAudio.hash) add(a, ctx.paths.recordingFile(profileId, recordingId, 'audio'), 'audio', 'dedupe', `identical copy of ${keptAudio.rel}`);
      else leave(a, `differs from ${keptAudio?.rel ?? 'the kept audio'} although it has the same name: not guessed`);
    }
    if (u.transcript) {
      const taken = new Map<string, ScannedFile>();
      const inOrder = [...u.transcript.files].sort((a, b) => Number(/^topics_v\d+\.json$/.test(b.inner)) - Number(/^topics_v\d+\.json$/.test(a.inner)) || a.inner.localeCompare(b.inner));
      for (const { f, inner } of inOrder) {
        let target: TranscriptFile | null = null;
        let archive: string | null = null;
        if (inner === 'master.json') target = 'master.json';
        else if (inner === 'topics.json') target = 'topics_v1.json';
        else if (/^topics_v[1-9]\d{0,3}\.json$/.test(inner)) target = inner as TranscriptFile;
        else if (/^(cache\/)?subtitles\.(srt|vtt)$/.test(inner)) target = inner.replace(/^cache\//, '') as TranscriptFile;
        else if (/^cache\/(segments|words)\.txt$/.test(inner)) archive = inner.slice('cache/'.length);
        if (target) {
          const to = ctx.paths.transcriptFile(profileId, recordingId, target);
          const prev = taken.get(to);
          if (prev && prev.hash === f.hash) add(f, to, 'transcript', 'dedupe', `identical copy of ${prev.rel}`);
          else if (prev) leave(f, `differs from ${prev.rel}, which becomes ${target}: not guessed`);
          else {
            taken.set(to, f);
            add(f, to, target.startsWith('subtitles') ? 'subtitle' : 'transcript');
          }
        } else if (archive) {
          // Derived caches the app does not read: kept with the run's legacy archive, not in the recording.
          add(f, `${ctx.paths.legacyDir(ctx.runId)}/transcripts/${recordingId}/${archive}`, null, 'move', 'transcription cache: kept in the legacy archive');
        } else leave(f, 'unknown file in a transcription folder');
      }
    }
    for (const f of files) if (!claimed.has(f.from)) claimed.add(f.from);
    const registered = files.filter((f) => f.kind !== null);
    // Identical copies of another recording's file of this legacy user: removed once that copy is
    // in place. They stay with this recording when it has files of its own, else join the kept one's.
    for (const { f, kept } of dups) {
      claimed.add(f.rel);
      const dup: PlanFile = { from: f.rel, to: kept.file.to, action: 'dedupe', reason: `identical copy of ${kept.file.from}`, bytes: f.size, hash: f.hash, kind: null };
      (registered.length ? files : kept.files).push(dup);
    }
    if (registered.length === 0) {
      // Everything of this unit stayed behind (or only cache files): no recording is created.
      for (const f of files) leave(byRel.get(f.from)!, f.reason ?? 'its recording has no file that can be migrated');
      continue;
    }
    nextId++;
    // master.json keeps the real name (punctuation the file names dropped) when it names the same recording.
    const base = u.originalName ?? u.sanitized;
    const masterFits = u.masterName !== null && base !== null && nameKey(u.masterName).startsWith(nameKey(base)) && nameKey(base).length > 0;
    const displayName =
      u.dbName ??
      (masterFits ? u.masterName : null) ??
      (u.originalName && Array.from(u.originalName).length < 60 ? u.originalName : null) ??
      u.masterName ??
      (u.sanitized ? displayFromSanitized(u.sanitized) : null) ??
      u.originalName ??
      'Untitled recording';
    const startTime = u.startTime ?? (u.originalDate ? Date.parse(`${u.originalDate}T00:00:00Z`) : Math.round(u.original?.mtimeMs ?? u.mtime));
    groups.push({
      kind: 'recording',
      legacyId: u.legacyId,
      displayName: displayName.normalize('NFC'),
      profileId,
      recordingId,
      startTime,
      status: u.video || u.audios.length ? 'processed' : 'ready',
      files,
    });
  }

  // 7. Thumbnails: templates into shared/thumbnails under content names; copies of templates are dropped; real custom ones go to the profile.
  const templateDest = new Map(ctx.sharedThumbnails);
  const tplFiles: PlanFile[] = [];
  for (const f of placed('template')) {
    if (!f.rel.toLowerCase().endsWith('.png') || !f.hash) {
      leave(f, 'template thumbnail that is not a png');
      continue;
    }
    claimed.add(f.rel);
    const known = templateDest.get(f.hash);
    if (known) tplFiles.push({ from: f.rel, to: known, action: 'dedupe', reason: 'identical template already in shared/thumbnails', bytes: f.size, hash: f.hash, kind: null });
    else {
      const to = ctx.paths.sharedThumbnail(thumbToken(f.hash));
      templateDest.set(f.hash, to);
      tplFiles.push({ from: f.rel, to, action: 'move', reason: null, bytes: f.size, hash: f.hash, kind: null });
    }
  }
  if (tplFiles.length) groups.push({ kind: 'templates', legacyId: null, displayName: 'Template thumbnails', profileId: 1, recordingId: null, startTime: 0, status: 'ready', files: tplFiles });
  const thumbsByScope = new Map<number, ScannedFile[]>();
  for (const f of placed('thumbnail')) thumbsByScope.set(scopeOf(f), [...(thumbsByScope.get(scopeOf(f)) ?? []), f]);
  for (const [scope, list] of [...thumbsByScope].sort((a, b) => a[0] - b[0])) {
    const profileId = profileOfScope.get(scope) ?? 1;
    const custom = new Map<string, string>();
    const files: PlanFile[] = [];
    for (const f of list) {
      if (!f.rel.toLowerCase().endsWith('.png') || !f.hash) {
        leave(f, 'thumbnail that is not a png');
        continue;
      }
      claimed.add(f.rel);
      const tpl = templateDest.get(f.hash);
      const mine = custom.get(f.hash);
      // Already in the profile (an earlier run moved it): that copy is kept and owned by its run, never moved over.
      const there = ctx.existingThumbnails?.get(`${profileId}/${f.hash}`);
      if (tpl) files.push({ from: f.rel, to: tpl, action: 'dedupe', reason: 'copy of a template thumbnail: shared/thumbnails is used instead', bytes: f.size, hash: f.hash, kind: null });
      else if (there) files.push({ from: f.rel, to: there, action: 'dedupe', reason: 'identical thumbnail already in the library', bytes: f.size, hash: f.hash, kind: null });
      else if (mine) files.push({ from: f.rel, to: mine, action: 'dedupe', reason: 'identical copy of another thumbnail of this profile', bytes: f.size, hash: f.hash, kind: 'thumbnail' });
      else {
        const to = ctx.paths.profileThumbnail(profileId, thumbToken(f.hash));
        custom.set(f.hash, to);
        files.push({ from: f.rel, to, action: 'move', reason: null, bytes: f.size, hash: f.hash, kind: 'thumbnail' });
      }
    }
    if (files.length) groups.push({ kind: 'thumbnails', legacyId: null, displayName: `Thumbnails of ${legacyProfileName(scope)}`, profileId, recordingId: null, startTime: 0, status: 'ready', files });
  }

  // 8. data.db: read above; kept in the library's legacy archive of this run.
  if (dbFile && !claimed.has(dbFile.rel)) {
    claimed.add(dbFile.rel);
    if (ctx.legacyDb?.ok) archiveFiles.push({ from: dbFile.rel, to: `${ctx.paths.legacyDir(ctx.runId)}/data.db`, action: 'move', reason: null, bytes: dbFile.size, hash: dbFile.hash, kind: null });
    else leave(dbFile, ctx.legacyDb?.reason ?? 'data.db is not a legacy catalog');
  }
  if (archiveFiles.length) groups.push({ kind: 'archive', legacyId: null, displayName: 'Legacy catalog (data.db)', profileId: 1, recordingId: null, startTime: 0, status: 'ready', files: archiveFiles });

  // Whatever no rule took stays where it is (nothing is ever dropped).
  for (const f of scan.files) if (!claimed.has(f.rel)) leave(f, 'not matched by any rule');

  const all = groups.flatMap((g) => g.files);
  const totals: PlanTotals = {
    files: all.length + leftovers.length,
    bytes: all.reduce((a, f) => a + f.bytes, 0) + leftovers.reduce((a, l) => a + l.bytes, 0),
    move: all.filter((f) => f.action === 'move').length,
    dedupe: all.filter((f) => f.action === 'dedupe').length,
    leave: all.filter((f) => f.action === 'leave').length + leftovers.length,
  };
  leftovers.sort((a, b) => a.path.localeCompare(b.path));
  return {
    runId: ctx.runId,
    mediaDir: scan.root,
    createdAt: new Date().toISOString(),
    profiles: profiles.filter((p) => p.create || groups.some((g) => g.profileId === p.id)),
    recordings: groups,
    leftovers,
    dirs: scan.dirs,
    totals,
    usedDataDb,
  };
}

/** The CLI's `--dry-run --json` document (internal fields left out). */
export function planJson(plan: MigrationPlan) {
  return {
    recordings: plan.recordings.map((g) => ({
      legacyId: g.legacyId,
      displayName: g.displayName,
      profileId: g.profileId,
      files: g.files.map((f) => ({ from: f.from, to: f.to, action: f.action, reason: f.reason, bytes: f.bytes })),
    })),
    leftovers: plan.leftovers.map((l) => ({ path: l.path, reason: l.reason, bytes: l.bytes })),
    totals: plan.totals,
  };
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}
