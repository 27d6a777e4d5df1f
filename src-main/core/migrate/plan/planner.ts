/**
 * The state a plan is built in, step by step: every scanned file is claimed by exactly one rule
 * (a recording's file, a thumbnail, the archive) or left where it is with its reason, and the units
 * (would-be recordings) the rules have found so far.
 */
import path from 'node:path';
import type { PlanLeftover } from '@shared/migrate-plan';
import type { LegacyRow } from '../../catalog/legacy-db';
import type { LibraryPaths } from '../../storage/paths';
import type { ScanResult, ScannedFile } from '../scan';
import { OLDEST, type Place, placeOf, TEMP_REASON } from './places';

export interface PlanContext {
  runId: string;
  paths: LibraryPaths;
  existingProfiles: { id: number; name: string }[];
  nextRecordingId: number;
  /**
   * Whether a recording id's folder is already on disk: a catalog restored from an older backup does
   * not know the recordings imported since, and their folders are never written into.
   */
  idTaken?: (id: number) => boolean;
  /** Content hash -> relative path of thumbnails already in shared/thumbnails. */
  sharedThumbnails: Map<string, string>;
  /** `<profile id>/<hash>` -> relative path of profile thumbnails already in the library (an earlier run's, or uploads). */
  existingThumbnails?: Map<string, string>;
  /** Size -> hashes (and recordings) of source files already registered in the library. */
  registeredSources?: Map<number, { hash: string; recordingId: number }[]>;
  /** Rows of media/data.db when it is a legacy catalog, else the reason it is not. */
  legacyDb: { ok: true; rows: LegacyRow[] } | { ok: false; reason: string } | null;
}

export interface TranscriptFolder {
  scope: number;
  folder: string;
  files: { f: ScannedFile; inner: string }[];
}

/** The files found to make one recording (before it gets an id and destinations). */
export interface Unit {
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
  transcript: TranscriptFolder | null;
  reasons: Map<string, string>;
  mtime: number;
}

export function newUnit(scope: number): Unit {
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

export interface Planner {
  scan: ScanResult;
  ctx: PlanContext;
  byRel: Map<string, ScannedFile>;
  dirSet: Set<string>;
  /** Files a rule has taken (into a unit, a group, or the leftovers). */
  claimed: Set<string>;
  leftovers: PlanLeftover[];
  places: Map<string, Place>;
  units: Unit[];
  /** `<scope>/<stem>` -> the unit of that processed stem. */
  unitOfStem: Map<string, Unit>;
  /** Transcription folders not attached to a unit yet. */
  transcriptFolders: Map<string, TranscriptFolder>;
  /** `<scope>/<legacy id>` -> folder, so joining thousands of rows stays linear. */
  transcriptById: Map<string, string>;
  /** Units made from data.db rows, by legacy id. */
  dbUnits: Map<number, Unit>;
  usedDataDb: boolean;
}

/**
 * A planner over a scan: links and other non-regular files are left at once (never followed or
 * moved), then every other file is placed in the legacy layout; temp_processing files and files of
 * no known place are left with their reason.
 */
export function newPlanner(scan: ScanResult, ctx: PlanContext): Planner {
  const p: Planner = {
    scan,
    ctx,
    byRel: new Map(scan.files.map((f) => [f.rel, f])),
    dirSet: new Set(scan.dirs),
    claimed: new Set(),
    leftovers: [],
    places: new Map(),
    units: [],
    unitOfStem: new Map(),
    transcriptFolders: new Map(),
    transcriptById: new Map(),
    dbUnits: new Map(),
    usedDataDb: ctx.legacyDb?.ok === true,
  };
  for (const f of scan.files) if (f.kind !== 'file') leave(p, f, f.kind === 'link' ? 'symbolic link: not followed' : 'not a regular file');
  for (const f of scan.files) if (!p.claimed.has(f.rel)) p.places.set(f.rel, placeOf(f.rel));
  for (const f of placed(p, 'temp')) leave(p, f, TEMP_REASON);
  for (const f of placed(p, 'unknown')) leave(p, f, 'unknown file: not part of any legacy layout');
  return p;
}

/** The file stays where it is, with why. */
export function leave(p: Planner, f: ScannedFile, reason: string): void {
  p.claimed.add(f.rel);
  p.leftovers.push({ path: f.rel, reason, bytes: f.size, regular: f.kind === 'file' });
}

/** The files of one place not claimed yet, in scan order. */
export function placed(p: Planner, t: Place['t']): ScannedFile[] {
  return p.scan.files.filter((f) => !p.claimed.has(f.rel) && p.places.get(f.rel)?.t === t);
}

export function scopeOf(p: Planner, f: ScannedFile): number {
  return (p.places.get(f.rel) as { scope?: number } | undefined)?.scope ?? OLDEST;
}

export function stemKey(scope: number, stem: string): string {
  return `${scope}/${stem}`;
}

/** Adds a processed audio to a unit; audio/processed copies come before processed_audio ones. */
export function addAudio(p: Planner, u: Unit, f: ScannedFile): void {
  const audioPref = (x: ScannedFile) => (p.places.get(x.rel) as { preferred?: boolean } | undefined)?.preferred ?? false;
  u.audios.push(f);
  u.audios.sort((a, b) => Number(audioPref(b)) - Number(audioPref(a)) || a.rel.localeCompare(b.rel));
  p.claimed.add(f.rel);
}

/** Gives a unit the transcription folder (false when the folder is taken or the unit has one). */
export function attachTranscript(p: Planner, u: Unit, folder: string): boolean {
  const t = p.transcriptFolders.get(folder);
  if (!t || u.transcript) return false;
  u.transcript = t;
  for (const x of t.files) p.claimed.add(x.f.rel);
  p.transcriptFolders.delete(folder);
  return true;
}

/** Transcription folders, grouped, and indexed by the legacy id their folder is named after. */
export function groupTranscriptFolders(p: Planner): void {
  for (const f of placed(p, 'transcript')) {
    const pl = p.places.get(f.rel) as Extract<Place, { t: 'transcript' }>;
    const entry = p.transcriptFolders.get(pl.folder) ?? { scope: pl.scope, folder: pl.folder, files: [] };
    entry.files.push({ f, inner: pl.inner });
    p.transcriptFolders.set(pl.folder, entry);
  }
  for (const t of p.transcriptFolders.values()) {
    const id = /^\d+$/.exec(path.posix.basename(t.folder));
    if (id) p.transcriptById.set(`${t.scope}/${id[0]}`, t.folder);
  }
}
