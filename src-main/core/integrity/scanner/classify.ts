/**
 * What an unregistered file in our layout is. Inside a recording folder it belongs to the person
 * who put it there: transcripts and subtitles are attached to the recording (registered, counted),
 * anything else is `unknown` and stays where it is unless a person confirms moving it. Outside
 * recording folders (users/<uid>/ itself, trash/) it is an orphan of ours. The files of a folder
 * whose recording the catalog forgot (restored from an older backup) are that recording's: `forgotten`.
 */
import type Database from 'better-sqlite3';
import { type RecordingOwner, recordingOwner } from '@core/catalog/repositories/recordings/scan';
import { type ForgottenFolder, forgottenFolders, recordingFolderOf } from '../adopt/forgotten';
import type { DiskFact } from './reconcile';

/** users/<uid>/recordings/<folder>/<anything>: a recording's folder (or one left by a recording). */
const IN_RECORDING_FOLDER = /^users\/\d+\/recordings\/[^/]+\/.+$/;
/** transcription/<name>.json|srt|vtt, or <name>.srt|vtt beside the media; never a hidden file. */
const ATTACHABLE = /^users\/(\d+)\/recordings\/(\d+)\/(?:transcription\/[^/.][^/]*\.(?:json|srt|vtt)|[^/.][^/]*\.(?:srt|vtt))$/i;

/** Recordings whose folder a job owns right now: files appearing there are the job's, not anybody's to judge. */
const BUSY = new Set(['importing', 'processing']);

/** A transcript or subtitles file a person may put into a recording folder (a scan attaches it). */
export function isAttachable(rel: string): boolean {
  return ATTACHABLE.test(rel);
}

export function isInRecordingFolder(rel: string): boolean {
  return IN_RECORDING_FOLDER.test(rel);
}

export interface Attachable {
  disk: DiskFact;
  recordingId: number;
  profileId: number;
}

export interface Classified {
  attachable: Attachable[];
  /** Unregistered files inside recording folders (links included: reported, never moved). */
  unknown: DiskFact[];
  /** Unregistered files elsewhere in users/ and trash/. */
  other: DiskFact[];
  /** Folders of recordings the catalog does not know, with their source: adopted by an applied full scan. */
  forgotten: ForgottenFolder[];
}

/** `strayed`: files of a recording in the catalog found in another folder (its folder renamed by hand). */
export function classifyOrphans(sqlite: Database.Database, orphans: DiskFact[], strayed: ReadonlySet<string> = new Set()): Classified {
  const out: Classified = { attachable: [], unknown: [], other: [], forgotten: [] };
  const cache = new Map<number, RecordingOwner | null>();
  const rec = (id: number) => {
    if (!cache.has(id)) cache.set(id, recordingOwner(sqlite, id));
    return cache.get(id) ?? null;
  };
  const ownerless: DiskFact[] = [];
  for (const o of orphans) {
    if (!isInRecordingFolder(o.rel)) {
      out.other.push(o);
      continue;
    }
    const home = recordingFolderOf(o.rel);
    if (home && rec(home.recordingId) === null) {
      ownerless.push(o);
      continue;
    }
    const folder = /^users\/(\d+)\/recordings\/(\d+)\//.exec(o.rel);
    const owner = folder ? rec(Number(folder[2])) : null;
    if (owner && owner.profileId === Number(folder![1]) && BUSY.has(owner.status)) continue;
    const m = ATTACHABLE.exec(o.rel);
    if (m && !o.link && owner && owner.profileId === Number(m[1]) && owner.status !== 'trashed') {
      out.attachable.push({ disk: o, recordingId: Number(m[2]), profileId: owner.profileId });
    } else out.unknown.push(o);
  }
  const { forgotten, rest } = forgottenFolders(ownerless, strayed);
  out.forgotten = forgotten;
  out.unknown.push(...rest);
  return out;
}
