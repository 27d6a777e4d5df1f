/**
 * Step 6 of a plan: units become recordings with ids and destinations in the ID layout. Copies of
 * a file (user_4 and user_000004) are planned as duplicates of the first one; anything a recording
 * cannot take stays, with its reason, and a unit left with no file of its own makes no recording.
 */
import path from 'node:path';
import type { FileKind } from '@shared/domain';
import type { PlanAction, PlanFile, PlanGroup } from '@shared/migrate-plan';
import { hashFile } from '../../storage/hash';
import type { TranscriptFile } from '../../storage/paths';
import { displayFromSanitized, nameKey } from '../names';
import type { ScannedFile } from '../scan';
import { leave, type Planner, type Unit } from './planner';

/** The first copy planned to move, and the files list of its recording. */
interface KeptCopy {
  file: PlanFile;
  files: PlanFile[];
}

/** One unit's files as they are planned. */
interface UnitFiles {
  p: Planner;
  u: Unit;
  profileId: number;
  recordingId: number;
  files: PlanFile[];
  dups: { f: ScannedFile; kept: KeptCopy }[];
  /** `<scope>/<kind>/<hash>/<file name>` -> the first copy planned to move. */
  firstCopy: Map<string, KeptCopy>;
}

function add(x: UnitFiles, f: ScannedFile, to: string | null, kind: FileKind | null, action: PlanAction = 'move', reason: string | null = null): void {
  x.files.push({ from: f.rel, to, action, reason: x.u.reasons.get(f.rel) ?? reason, bytes: f.size, hash: f.hash, kind, conflict: x.u.reasons.has(f.rel) });
}

const extOk = (e: string) => /^[a-z0-9]{1,8}$/.test(e);
const extOf = (f: ScannedFile) => path.posix.extname(f.rel).slice(1).toLowerCase();

function addMedia(x: UnitFiles, f: ScannedFile, kind: 'source' | 'video', e: string): void {
  const { p, u } = x;
  // Copies carry the same file name (user_4 and user_000004); identical bytes under another
  // name are another recording's file and both are kept (its name and date are its own).
  const key = f.hash !== null ? `${u.scope}/${kind}/${f.hash}/${path.posix.basename(f.rel)}` : null;
  const known = kind === 'source' && f.hash !== null ? p.ctx.registeredSources?.get(f.size)?.find((r) => r.hash === f.hash) : undefined;
  const kept = key !== null ? x.firstCopy.get(key) : undefined;
  if (known) leave(p, f, `already in the library as #${known.recordingId}`);
  else if (kept) x.dups.push({ f, kept });
  else {
    add(x, f, p.ctx.paths.recordingFile(x.profileId, x.recordingId, kind, e), kind);
    if (key !== null) x.firstCopy.set(key, { file: x.files[x.files.length - 1]!, files: x.files });
  }
}

/** The original (source) and the processed video with its identical copies. */
function planMedia(x: UnitFiles): void {
  const { p, u } = x;
  if (u.original) {
    const e = extOf(u.original);
    if (extOk(e)) addMedia(x, u.original, 'source', e);
    else leave(p, u.original, `unsupported file extension ".${e}" for a recording`);
  }
  if (u.video) {
    const e = extOf(u.video);
    if (extOk(e)) {
      addMedia(x, u.video, 'video', e);
      const kept = x.firstCopy.get(`${u.scope}/video/${u.video.hash}/${path.posix.basename(u.video.rel)}`);
      for (const c of u.videoCopies) {
        if (kept) x.dups.push({ f: c, kept });
        else leave(p, c, `identical copy of ${u.video.rel}, which stays: kept too`);
      }
    } else {
      leave(p, u.video, `unsupported file extension ".${e}" for a processed video`);
      for (const c of u.videoCopies) leave(p, c, `identical copy of ${u.video.rel}, which stays: kept too`);
    }
  }
}

/** One mp3 is the recording's audio; identical mp3 copies are duplicates of it, anything else stays. */
function planAudios(x: UnitFiles): void {
  const { p, u } = x;
  const keptAudio = u.audios.find((a) => a.rel.toLowerCase().endsWith('.mp3'));
  for (const a of u.audios) {
    if (a === keptAudio) add(x, a, p.ctx.paths.recordingFile(x.profileId, x.recordingId, 'audio'), 'audio');
    else if (!a.rel.toLowerCase().endsWith('.mp3')) leave(p, a, 'processed audio that is not mp3: not converted');
    else if (keptAudio && a.hash === keptAudio.hash) add(x, a, p.ctx.paths.recordingFile(x.profileId, x.recordingId, 'audio'), 'audio', 'dedupe', `identical copy of ${keptAudio.rel}`);
    else leave(p, a, `differs from ${keptAudio?.rel ?? 'the kept audio'} although it has the same name: not guessed`);
  }
}

/** Where a file of a transcription folder goes: a transcript file of the recording, the legacy archive, or nowhere. */
function transcriptTarget(inner: string): { target: TranscriptFile | null; archive: string | null } {
  if (inner === 'master.json') return { target: 'master.json', archive: null };
  if (inner === 'topics.json') return { target: 'topics_v1.json', archive: null };
  if (/^topics_v[1-9]\d{0,3}\.json$/.test(inner)) return { target: inner as TranscriptFile, archive: null };
  if (/^(cache\/)?subtitles\.(srt|vtt)$/.test(inner)) return { target: inner.replace(/^cache\//, '') as TranscriptFile, archive: null };
  if (/^cache\/(segments|words)\.txt$/.test(inner)) return { target: null, archive: inner.slice('cache/'.length) };
  return { target: null, archive: null };
}

function planTranscript(x: UnitFiles): void {
  const { p, u } = x;
  if (!u.transcript) return;
  const taken = new Map<string, ScannedFile>();
  const isTopics = (inner: string) => Number(/^topics_v\d+\.json$/.test(inner));
  const inOrder = [...u.transcript.files].sort((a, b) => isTopics(b.inner) - isTopics(a.inner) || a.inner.localeCompare(b.inner));
  for (const { f, inner } of inOrder) {
    const { target, archive } = transcriptTarget(inner);
    if (target) {
      const to = p.ctx.paths.transcriptFile(x.profileId, x.recordingId, target);
      const prev = taken.get(to);
      if (prev && prev.hash === f.hash) add(x, f, to, 'transcript', 'dedupe', `identical copy of ${prev.rel}`);
      else if (prev) leave(p, f, `differs from ${prev.rel}, which becomes ${target}: not guessed`);
      else {
        taken.set(to, f);
        add(x, f, to, target.startsWith('subtitles') ? 'subtitle' : 'transcript');
      }
    } else if (archive) {
      // Derived caches the app does not read: kept with the run's legacy archive, not in the recording.
      add(x, f, `${p.ctx.paths.legacyDir(p.ctx.runId)}/transcripts/${x.recordingId}/${archive}`, null, 'move', 'transcription cache: kept in the legacy archive');
    } else leave(p, f, 'unknown file in a transcription folder');
  }
}

/** master.json keeps the real name (punctuation the file names dropped) when it names the same recording. */
function displayNameOf(u: Unit): string {
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
  return displayName.normalize('NFC');
}

/** A unit's recording, or null when nothing of it can be migrated (its files then stay, with their reasons). */
function planUnit(p: Planner, u: Unit, profileId: number, recordingId: number, firstCopy: Map<string, KeptCopy>): PlanGroup | null {
  const x: UnitFiles = { p, u, profileId, recordingId, files: [], dups: [], firstCopy };
  planMedia(x);
  planAudios(x);
  planTranscript(x);
  const files = x.files;
  for (const f of files) if (!p.claimed.has(f.from)) p.claimed.add(f.from);
  const registered = files.filter((f) => f.kind !== null);
  // Identical copies of another recording's file of this legacy user: removed once that copy is
  // in place. They stay with this recording when it has files of its own, else join the kept one's.
  for (const { f, kept } of x.dups) {
    p.claimed.add(f.rel);
    const dup: PlanFile = { from: f.rel, to: kept.file.to, action: 'dedupe', reason: `identical copy of ${kept.file.from}`, bytes: f.size, hash: f.hash, kind: null };
    (registered.length ? files : kept.files).push(dup);
  }
  if (registered.length === 0) {
    // Everything of this unit stayed behind (or only cache files): no recording is created.
    for (const f of files) leave(p, p.byRel.get(f.from)!, f.reason ?? 'its recording has no file that can be migrated');
    return null;
  }
  const startTime = u.startTime ?? (u.originalDate ? Date.parse(`${u.originalDate}T00:00:00Z`) : Math.round(u.original?.mtimeMs ?? u.mtime));
  return {
    kind: 'recording',
    legacyId: u.legacyId,
    displayName: displayNameOf(u),
    profileId,
    recordingId,
    startTime,
    status: u.video || u.audios.length ? 'processed' : 'ready',
    files,
  };
}

/**
 * Originals and processed videos are not hashed by the scan; only those whose name and size
 * collide within a legacy user (user_4 and user_000004 copies), or whose size is a source already
 * in the library, are read now, so copies are found without reading every large file twice.
 */
async function hashPossibleCopies(p: Planner): Promise<void> {
  const sizeKey = (scope: number, f: ScannedFile) => `${scope}/${f.size}/${path.posix.basename(f.rel)}`;
  const sizeCount = new Map<string, number>();
  for (const u of p.units) for (const f of [u.original, u.video]) if (f) sizeCount.set(sizeKey(u.scope, f), (sizeCount.get(sizeKey(u.scope, f)) ?? 0) + 1);
  for (const u of p.units) {
    for (const f of [u.original, u.video]) {
      if (!f || f.hash !== null || f.size === 0) continue;
      if ((sizeCount.get(sizeKey(u.scope, f)) ?? 0) > 1 || (f === u.original && p.ctx.registeredSources?.has(f.size))) {
        f.hash = (await hashFile(path.join(p.scan.root, ...f.rel.split('/')))).hash;
      }
    }
  }
}

const firstRel = (u: Unit) => u.original?.rel ?? u.video?.rel ?? u.audios[0]?.rel ?? u.transcript?.folder ?? '';

export async function planRecordings(p: Planner, profileOfScope: Map<number, number>): Promise<PlanGroup[]> {
  p.units.sort((a, b) => a.scope - b.scope || (a.startTime ?? a.mtime) - (b.startTime ?? b.mtime) || firstRel(a).localeCompare(firstRel(b)));
  await hashPossibleCopies(p);
  const groups: PlanGroup[] = [];
  const firstCopy = new Map<string, KeptCopy>();
  let nextId = p.ctx.nextRecordingId;
  for (const u of p.units) {
    while (p.ctx.idTaken?.(nextId)) nextId++;
    const g = planUnit(p, u, profileOfScope.get(u.scope) ?? 1, nextId, firstCopy);
    if (!g) continue;
    groups.push(g);
    nextId++;
  }
  return groups;
}
