/**
 * Step 4 of a plan: transcription folders no data.db row took join a recording through
 * master.json's recording id, the old `transcription_<name>` folder name, or master.json's name
 * and date; an uncertain match is never guessed, and the folder stays with the reason.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { parseLegacyTime } from '../../catalog/legacy-db';
import { dayDistance, nameKey } from '../names';
import { attachTranscript, leave, type Planner, stemKey, type TranscriptFolder, type Unit } from './planner';

interface MasterInfo {
  recordingId: number | null;
  name: string | null;
  startTime: number | null;
}

const NO_MASTER: MasterInfo = { recordingId: null, name: null, startTime: null };

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
    return { ...NO_MASTER };
  }
}

/** Name indexes (scope + normalised key), so joining thousands of folders stays linear. */
interface NameIndex {
  bySanitized: Map<string, Unit[]>;
  byName: Map<string, Unit[]>;
}

function indexNames(units: Unit[]): NameIndex {
  const idx: NameIndex = { bySanitized: new Map(), byName: new Map() };
  const push = (m: Map<string, Unit[]>, k: string, u: Unit) => {
    const list = m.get(k);
    if (list) list.push(u);
    else m.set(k, [u]);
  };
  for (const u of units) {
    if (u.sanitized !== null) push(idx.bySanitized, `${u.scope}/${nameKey(u.sanitized)}`, u);
    const n = u.dbName ?? u.sanitized ?? u.originalName;
    if (n) push(idx.byName, `${u.scope}/${nameKey(n)}`, u);
  }
  return idx;
}

/** The day a unit was recorded: its start time, else the date in its original's file name (UTC). */
function unitDay(u: Unit): string | null {
  return u.startTime !== null ? new Date(u.startTime).toISOString().slice(0, 10) : u.originalDate;
}

interface Match {
  target: Unit | undefined;
  why: string;
}

/** The old name form: `transcription_<stem without _processed>`, else the sanitized name alone. */
function byFolderName(p: Planner, idx: NameIndex, t: TranscriptFolder, base: string): Match {
  const x = base.slice('transcription_'.length);
  const withDate = p.unitOfStem.get(stemKey(t.scope, `${x}_processed`));
  if (withDate) return { target: withDate, why: '' };
  const hits = (idx.bySanitized.get(`${t.scope}/${nameKey(x)}`) ?? []).filter((u) => !u.transcript);
  if (hits.length === 1) return { target: hits[0], why: '' };
  return { target: undefined, why: hits.length > 1 ? `${hits.length} recordings named like ${x}: not guessed` : `no recording named like ${x}` };
}

/**
 * master.json's name: a name alone is not enough: both sides need a date (an original keeps its
 * date in its file name), and they must agree within a day. Without a date the match is uncertain: not guessed.
 */
function byMasterName(idx: NameIndex, t: TranscriptFolder, info: MasterInfo & { name: string }): Match {
  const named = (idx.byName.get(`${t.scope}/${nameKey(info.name)}`) ?? []).filter((u) => !u.transcript);
  const dated = named.filter((u) => info.startTime !== null && unitDay(u) !== null);
  const hits = dated.filter((u) => dayDistance(new Date(info.startTime!).toISOString().slice(0, 10), unitDay(u)!) <= 1);
  if (hits.length === 1) return { target: hits[0], why: '' };
  if (hits.length > 1) return { target: undefined, why: `master.json names ${hits.length} matching recordings: not guessed` };
  if (named.length > dated.length) {
    return {
      target: undefined,
      why: `master.json names ${info.name} but ${info.startTime === null ? 'has no start time' : 'the recording of that name has no date'}: an uncertain match, not guessed`,
    };
  }
  return { target: undefined, why: named.length ? `master.json names ${info.name} on another day: not attached` : 'master.json names no recording found here' };
}

async function attachOne(p: Planner, idx: NameIndex, t: TranscriptFolder): Promise<void> {
  const base = path.posix.basename(t.folder);
  const master = t.files.find((x) => x.inner === 'master.json');
  const info = master ? await readMaster(p.scan.root, master.f.rel) : { ...NO_MASTER };
  let m: Match = { target: undefined, why: '' };
  if (info.recordingId !== null && p.dbUnits.has(info.recordingId)) m.target = p.dbUnits.get(info.recordingId);
  if (!m.target && base.startsWith('transcription_')) m = byFolderName(p, idx, t, base);
  if (!m.target && info.name) m = byMasterName(idx, t, { ...info, name: info.name });
  if (m.target && attachTranscript(p, m.target, t.folder)) {
    if (!m.target.masterName && info.name) m.target.masterName = info.name;
    return;
  }
  const reason =
    m.why ||
    (info.recordingId !== null
      ? `transcription of legacy recording ${info.recordingId}, which ${p.usedDataDb ? 'data.db does not list' : 'cannot be identified without data.db'}`
      : 'transcription folder whose recording cannot be identified');
  for (const x of t.files) leave(p, x.f, reason);
  p.transcriptFolders.delete(t.folder);
}

/** Step 4: transcription folders still unassigned. */
export async function attachTranscriptFolders(p: Planner): Promise<void> {
  const idx = indexNames(p.units);
  for (const t of [...p.transcriptFolders.values()]) await attachOne(p, idx, t);
}
