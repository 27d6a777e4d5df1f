/**
 * A transcript a person attaches becomes the recording's transcription/master.json, the one shape
 * every transcript has (DESIGN §6a), with subtitles.srt/.vtt made from it, and is searchable the
 * moment its rows are: the index is written in the same transaction.
 *
 * SRT/VTT are read by the subtitle reader the rest of the app uses (core/transcripts/subtitle-read)
 * into the segments an engine would give, so master.json is built the way the transcription stage
 * builds it (engine "attached"); the .srt/.vtt itself is kept too, under its own name. A JSON in
 * the master shape is master.json as it is.
 *
 * Files move the way processing moves them (outputs/commit): written into temp, fsynced, read back
 * and checked, then moved in under a journal and registered with the ledger and the index in ONE
 * transaction. Killed before it, the next start undoes the move; a failure undoes it at once.
 * Nothing a person attached or migrated is replaced: only a transcript one of our engines made
 * gives way to a person's.
 *
 * Timelines: an export of the original recording (Zoom, Otter, YouTube) has the SOURCE's times,
 * while the player plays the kept video once processing cut the silence. So the transcript is kept
 * as transcription/source.json (master shape, source times: the person's master JSON byte for
 * byte, or their subtitles converted) and master.json is made from it on the kept video's timeline
 * (transcripts/timeline.ts); processing makes master.json and the subtitles again from
 * source.json whenever the kept range changes. A file whose times already refer to the processed
 * video (`timeline: 'processed'`) is kept as it is in master.json, and source.json gets its times
 * moved back onto the source, so a later re-processing moves it too.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AttachResult } from '@shared/domain';
import { errorMessage } from '@shared/errors';
import type { Library } from '@core/catalog/library';
import { writeAudit } from '@core/catalog/repositories/audit';
import { getFileRow, markFileTheirs, updateFileFacts } from '@core/catalog/repositories/files/ledger';
import { fileAtPath, transcriptPathsOf } from '@core/catalog/repositories/files/processing';
import { processingRecording } from '@core/catalog/repositories/recordings/processing';
import { segmentCountOfFile, transcriptSource } from '@core/catalog/repositories/transcripts';
import { beginJournal, commitOutputs, finishJournal, type NewOutput, type ProcessJournal } from '@core/outputs/commit';
import { expectWrite } from '../storage/expected-writes';
import { atomicWrite, copyVerified } from '../storage/fsops';
import { hashFile } from '../storage/hash';
import { type RelPath, toRelPath } from '../storage/paths';
import type { TranscriptSegment } from '../transcripts/engine';
import { buildMaster, MasterFormatError, type MasterTranscript, parseMaster, serializeMaster } from '../transcripts/master';
import { indexTranscriptFile } from '../transcripts/search';
import { readSubtitles, SubtitleFormatError } from '../transcripts/subtitle-read';
import { subtitlesOf } from '../transcripts/subtitles-of';
import { keptRangesOf, keptToSource, mapToKept, SOURCE_MASTER, type Timeline } from '../transcripts/timeline';
import { AttachError } from './attach-error';

/** The engine name master.json records for a transcript a person brought. */
export const ATTACHED_ENGINE = 'attached';

export interface AttachedTranscript {
  kind: 'master' | 'subtitles';
  master: MasterTranscript;
  warnings: string[];
}

/**
 * Reads a file a person attaches as a transcript; throws AttachError (with the file's name and the
 * reason) when it has no segment with text and times, so nothing is attached.
 */
export function readAttachedTranscript(src: string, kind: 'master' | 'subtitles', text: string): AttachedTranscript {
  const base = path.basename(src);
  try {
    if (kind === 'master') {
      const { master, warnings } = parseMaster(text);
      if (!master.segments.length) throw new MasterFormatError('it has no segment with text and times');
      return { kind, master, warnings };
    }
    const segments: TranscriptSegment[] = readSubtitles(text);
    if (!segments.length) throw new SubtitleFormatError('its cues have no text');
    // The language is not guessed: a person's file does not say it, and "und" is what readMaster gives too.
    return { kind, master: buildMaster({ language: 'und', segments }, { engine: ATTACHED_ENGINE, model: null }), warnings: [] };
  } catch (err) {
    if (err instanceof MasterFormatError || err instanceof SubtitleFormatError) {
      const reason = err.message.replace(/\.$/, '');
      throw new AttachError(`${base} cannot be read as a transcript (${reason.charAt(0).toLowerCase()}${reason.slice(1)}). Nothing was attached.`);
    }
    throw err;
  }
}

const GENERATED = /^(master\.json|source\.json|subtitles(\.source)?\.(srt|vtt))$/i;

interface Rec {
  id: number;
  status: string;
  profileId: number;
}

type Summary = NonNullable<AttachResult['transcript']>;

/** One attach: what comes in, where it goes, and what the person is told. */
interface Attach {
  rec: Rec;
  src: string;
  t: AttachedTranscript;
  timeline: Timeline;
  masterRel: RelPath;
  sourceRel: RelPath;
  /** The person's subtitles file kept under its own name (null for a master JSON). */
  keptName: string | null;
  keptRel: RelPath | null;
  srcFacts: { hash: string; size: number };
  summary: Summary;
  /** Set when the kept file, edited in place, is read again (see reread-transcript.ts). */
  reread?: KeptStat;
}

/** The kept file as it was found before it was hashed: what its row records once it is read again. */
export interface KeptStat {
  mtimeMs: number;
  ino: number;
}

type OnTimelines = ReturnType<typeof timelinesOf>;

async function onDisk(lib: Library, rel: string): Promise<boolean> {
  return (await fs.lstat(lib.paths.abs(rel)).catch(() => null)) !== null;
}

/**
 * Attaches `t` (read from `src`) to recording `rec`: master.json, the subtitles made from it, and
 * for subtitles the file itself as `keptName`. Returns the kept file's (or master.json's) path.
 */
export async function attachTranscript(
  lib: Library,
  rec: Rec,
  src: string,
  t: AttachedTranscript,
  keptName?: string,
  timeline: Timeline = 'source',
  reread?: KeptStat,
): Promise<AttachResult> {
  const a = await describeAttach(lib, rec, src, t, keptName, timeline, reread !== undefined);
  a.reread = reread;
  // Read again after an edit in place: the file is already there, and what was made from it gives way.
  const decided: Awaited<ReturnType<typeof whatIsThere>> = reread ? { makeMaster: true } : await whatIsThere(lib, a);
  if (decided.already) return decided.already;
  const makeMaster = decided.makeMaster;
  const times = processingRecording(lib.sqlite, rec.id)!;
  // The subtitles fit the file the recording plays (the kept video once processed, else the source).
  const playedSec = times.keptStartMs !== null && times.keptEndMs !== null ? (times.keptEndMs - times.keptStartMs) / 1000 : times.durationMs ? times.durationMs / 1000 : null;
  const onTimelines = makeMaster ? placeOnTimelines(a, times) : null;

  const tempRel = lib.paths.tempDir(rec.profileId, `attach-${randomUUID()}`);
  const journal: ProcessJournal = { recordingId: rec.id, profileId: rec.profileId, jobId: 0, prevStatus: rec.status, prevReason: times.statusReason, tempDir: tempRel };
  const journalId = beginJournal(lib, journal);
  try {
    const out = (name: string) => path.join(lib.paths.abs(tempRel), 'out', name);
    const { outputs, masterText } = await stageOutputs(lib, a, onTimelines, playedSec, out);
    for (const o of outputs) expectWrite(lib.paths.abs(o.destRel));
    await commitOutputs(lib, journalId, journal, outputs, [], {
      status: rec.status as 'processed',
      statusReason: times.statusReason,
      keptStartMs: times.keptStartMs,
      keptEndMs: times.keptEndMs,
      onCommit: (ids) => {
        indexAttached(lib, a, outputs, ids, { masterText, makeMaster, onTimelines });
        if (a.reread) recordReread(lib, a, a.reread);
      },
    });
    await finishJournal(lib, journalId, null);
  } catch (err) {
    await finishJournal(lib, journalId, null, true).catch((e: unknown) => lib.log.error('could not undo an attach', { recordingId: rec.id, error: errorMessage(e) }));
    if (err instanceof AttachError) throw err;
    throw new AttachError(`The transcript could not be attached to recording #${rec.id}: ${errorMessage(err)}. Nothing was changed.`, { cause: err });
  }
  lib.events.emit('library:changed', { reason: 'attached', recordingIds: [rec.id] });
  const result: RelPath = a.keptRel ?? a.masterRel;
  return { id: rec.id, path: result, kind: 'transcript', size: a.srcFacts.size, already: false, transcript: a.summary };
}

async function describeAttach(lib: Library, rec: Rec, src: string, t: AttachedTranscript, keptName: string | undefined, timeline: Timeline, inPlace = false): Promise<Attach> {
  const dirRel = lib.paths.transcriptionDir(rec.profileId, rec.id);
  lib.paths.assertNoEscape(dirRel);
  const masterRel = lib.paths.transcriptFile(rec.profileId, rec.id, 'master.json');
  // The names master.json and subtitles.* are the ones made from master.json: a person's file of
  // that name is kept beside them as "<name> (attached).<ext>", so processing never writes over it.
  // Read again in place (subtitles.srt a person edited), the file keeps its name and becomes theirs.
  if (keptName !== undefined && GENERATED.test(keptName) && !inPlace) keptName = keptName.replace(/^(.*?)(\.[^.]+)$/, '$1 (attached)$2');
  return {
    rec,
    src,
    t,
    timeline,
    masterRel,
    sourceRel: toRelPath(`${dirRel}/${SOURCE_MASTER}`),
    keptName: keptName ?? null,
    keptRel: keptName !== undefined ? toRelPath(`${dirRel}/${keptName}`) : null,
    srcFacts: await hashFile(src),
    summary: { path: masterRel as string, segments: t.master.segments.length, warnings: t.warnings, timeline, dropped: 0, clipped: 0 },
  };
}

/**
 * What is already there decides: the same file again is "already attached"; anything else of a
 * person's is kept and the attach refused; only an engine's master.json gives way. A second
 * subtitles file (a translation, another export) beside a person's transcript is kept and
 * searchable, and master.json stays theirs (`makeMaster` false).
 */
async function whatIsThere(lib: Library, a: Attach): Promise<{ already: AttachResult; makeMaster?: undefined } | { already?: undefined; makeMaster: boolean }> {
  const { rec, keptRel, masterRel, srcFacts, summary } = a;
  const id = rec.id;
  const keptRow = keptRel ? fileAtPath(lib.sqlite, keptRel) : null;
  if (keptRel && (keptRow || (await onDisk(lib, keptRel)))) {
    if (keptRow?.recordingId === id && keptRow.hash === srcFacts.hash) return { already: { id, path: keptRel, kind: 'transcript', size: srcFacts.size, already: true, transcript: summary } };
    throw new AttachError(`Recording #${id} already has transcription/${a.keptName!} with other content: rename your file to attach both. Nothing was changed.`);
  }
  const masterRow = fileAtPath(lib.sqlite, masterRel);
  if (masterRow) {
    const origin = transcriptSource(lib.sqlite, masterRow.id)?.origin ?? 'attached';
    if (!keptRel && (masterRow.hash === srcFacts.hash || fileAtPath(lib.sqlite, a.sourceRel)?.hash === srcFacts.hash)) {
      return { already: { id, path: masterRel, kind: 'transcript', size: srcFacts.size, already: true, transcript: summary } };
    }
    if (origin !== 'engine') {
      if (!keptRel) throw new AttachError(`Recording #${id} already has transcription/master.json with other content: nothing was changed.`);
      summary.segments = segmentCountOfFile(lib.sqlite, masterRow.id);
      summary.warnings = [
        ...summary.warnings,
        `The recording already had a transcript that was ${origin === 'migrated' ? 'brought over from the old library' : 'attached'} (transcription/master.json); it is kept, and ${a.keptName!} was added beside it and is searchable.`,
      ];
      return { makeMaster: false };
    }
  } else if (await onDisk(lib, masterRel)) {
    throw new AttachError(`Recording #${id} has a transcription/master.json the catalog does not know yet: run \`reclib scan\` (or wait for the next scan), then attach again. Nothing was changed.`);
  }
  return { makeMaster: true };
}

/** The transcript on the source's and the kept video's timelines; refused when none of it was kept. */
function placeOnTimelines(a: Attach, times: { keptStartMs: number | null; keptEndMs: number | null; durationMs: number }): OnTimelines {
  if (!keptRangesOf(times)) withinRecording(a, times.durationMs / 1000);
  const onTimelines = timelinesOf(a.t.master, keptRangesOf(times), a.timeline);
  a.summary.segments = onTimelines.kept.segments.length;
  a.summary.dropped = onTimelines.dropped;
  a.summary.clipped = onTimelines.clipped;
  if (onTimelines.kept.segments.length === 0) {
    const r = keptRangesOf(times)![0]!;
    throw new AttachError(
      `None of the ${a.t.master.segments.length} segments of ${path.basename(a.src)} falls inside the kept video (${r.startSec.toFixed(1)}–${r.endSec.toFixed(1)} s of the source): if its times already refer to the processed video, attach it with the timeline "processed" (--timeline processed). Nothing was attached.`,
    );
  }
  return onTimelines;
}

/**
 * A recording not cut plays its source: a transcript none of whose times fall inside it is another
 * recording's (an exploratory trial attached 9–15 s subtitles to a 6 s recording: its subtitles.srt
 * came out empty and search pointed past the end). Some past the end: said, and kept as given.
 */
function withinRecording(a: Attach, endSec: number): void {
  if (!(endSec > 0)) return;
  const all = a.t.master.segments.length;
  const past = a.t.master.segments.filter((s) => s.start >= endSec).length;
  const name = path.basename(a.src);
  if (past === all) {
    throw new AttachError(`None of the ${all} segments of ${name} falls inside the recording (0.0–${endSec.toFixed(1)} s): their times are past its end; is it another recording's transcript? Nothing was attached.`);
  }
  if (past > 0) a.summary.warnings = [...a.summary.warnings, `${past} of the ${all} segments of ${name} start after the recording ends (${endSec.toFixed(1)} s): the subtitles leave them out.`];
}

const DISK_FAILING = 'The transcript read back from the temporary folder is not the one written (the disk may be failing). Nothing was changed.';

/**
 * Writes every output into temp (`out`), each read back and checked: the person's file, master.json
 * and source.json on their timelines, the subtitles made from master.json.
 */
async function stageOutputs(lib: Library, a: Attach, onTimelines: OnTimelines | null, playedSec: number | null, out: (name: string) => string): Promise<{ outputs: NewOutput[]; masterText: string | null }> {
  const { src, t, masterRel, sourceRel, keptRel } = a;
  const outputs: NewOutput[] = [];
  let masterText: string | null = null;
  // The person's master JSON is kept byte for byte: as master.json when its times are the
  // played video's, else as source.json (and master.json is made from it below).
  const asIs = t.kind === 'subtitles' ? a.keptName! : onTimelines!.kept === t.master ? 'master.json' : SOURCE_MASTER;
  // Read again, the kept file stays where the person edited it.
  if (!a.reread) {
    const facts = await copyVerified(src, out(asIs));
    if (facts.hash !== a.srcFacts.hash) throw new AttachError(`${path.basename(src)} changed while it was copied: attach it again. Nothing was changed.`);
    outputs.push({ kind: 'transcript', tempAbs: out(asIs), destRel: t.kind === 'subtitles' ? keptRel! : asIs === 'master.json' ? masterRel : sourceRel, facts });
  }
  if (t.kind === 'master' && asIs === 'master.json') masterText = await fs.readFile(out('master.json'), 'utf8');
  if (onTimelines) {
    if (masterText === null) {
      masterText = serializeMaster(onTimelines.kept);
      await atomicWrite(out('master.json'), masterText);
      outputs.push({ kind: 'transcript', tempAbs: out('master.json'), destRel: masterRel });
    }
    if (!outputs.some((o) => o.destRel === sourceRel)) {
      // Made from the person's subtitles file: which one, as it was, so an edit of it is seen.
      const madeFrom = t.kind === 'subtitles' ? { madeFrom: { file: a.keptName!, hash: a.srcFacts.hash, timeline: a.timeline } } : {};
      await atomicWrite(out(SOURCE_MASTER), serializeMaster({ ...onTimelines.source, ...madeFrom }));
      if (parseMaster(await fs.readFile(out(SOURCE_MASTER), 'utf8')).master.segments.length !== onTimelines.source.segments.length) throw new AttachError(DISK_FAILING);
      outputs.push({ kind: 'transcript', tempAbs: out(SOURCE_MASTER), destRel: sourceRel });
    }
  }
  if (masterText !== null) outputs.push(...(await subtitleOutputs(lib, a, playedSec, out)));
  return { outputs, masterText };
}

/** subtitles.srt/.vtt made from master.json as written in temp (read back: it must be the one meant). */
async function subtitleOutputs(lib: Library, a: Attach, playedSec: number | null, out: (name: string) => string): Promise<NewOutput[]> {
  const { rec } = a;
  const back = parseMaster(await fs.readFile(out('master.json'), 'utf8')).master;
  if (back.segments.length !== a.summary.segments) throw new AttachError(DISK_FAILING);
  // A subtitles file of the person's at the generated name (kind transcript, or the one attached now) stays theirs.
  const theirs = transcriptPathsOf(lib.sqlite, rec.id);
  if (a.keptRel) theirs.add(a.keptRel);
  const subs = subtitlesOf(back.segments, playedSec);
  const outputs: NewOutput[] = [];
  for (const [name, body] of [['subtitles.srt', subs.srt], ['subtitles.vtt', subs.vtt]] as const) {
    const destRel = lib.paths.transcriptFile(rec.profileId, rec.id, name);
    if (theirs.has(destRel)) continue;
    await atomicWrite(out(name), body);
    if (subs.cues > 0 && readSubtitles(await fs.readFile(out(name), 'utf8')).length === 0) throw new AttachError('The subtitles read back from the temporary folder are empty (the disk may be failing). Nothing was changed.');
    outputs.push({ kind: 'subtitle', tempAbs: out(name), destRel });
  }
  return outputs;
}

/** Inside the commit transaction: every transcript output searchable and audited with its row. */
function indexAttached(
  lib: Library,
  a: Attach,
  outputs: readonly NewOutput[],
  ids: ReadonlyMap<string, number>,
  m: { masterText: string | null; makeMaster: boolean; onTimelines: OnTimelines | null },
): void {
  const { rec, src, t, masterRel, sourceRel, keptRel, timeline } = a;
  for (const o of outputs) {
    if (o.kind !== 'transcript') continue;
    const fileId = ids.get(o.destRel)!;
    const row = getFileRow(lib.sqlite, fileId)!;
    indexTranscriptFile(
      lib.sqlite,
      { fileId, recordingId: rec.id, relPath: o.destRel, hash: row.hash, origin: 'attached' },
      o.destRel === masterRel && m.masterText !== null ? { text: m.masterText } : { abs: lib.paths.abs(o.destRel) },
      { ownTimes: !m.makeMaster },
    );
    const made = (o.destRel === masterRel && (keptRel || m.onTimelines?.kept !== t.master)) || (o.destRel === sourceRel && (keptRel || m.onTimelines?.source !== t.master));
    const reason = a.reread ? `made again from ${path.basename(src)}, edited by the user` : made ? `made from ${src} (${timeline} timeline), attached by the user` : `attached by the user from ${src}`;
    writeAudit(lib.sqlite, { action: 'attach', reason, relPath: o.destRel, recordingId: rec.id, bytes: row.size });
  }
}

/** Inside the commit: the kept file's row takes the facts of the text that was read again, and its index follows. */
function recordReread(lib: Library, a: Attach, st: KeptStat): void {
  const rel = a.keptRel!;
  const row = fileAtPath(lib.sqlite, rel);
  if (!row) throw new AttachError(`${rel} is no longer in the catalog. Nothing was changed.`);
  updateFileFacts(lib.sqlite, row.id, { size: a.srcFacts.size, mtimeMs: st.mtimeMs, inode: st.ino, hash: a.srcFacts.hash });
  // Subtitles we made and a person edited are theirs from now on: nothing we make writes over them.
  if (row.kind === 'subtitle') markFileTheirs(lib.sqlite, row.id);
  indexTranscriptFile(lib.sqlite, { fileId: row.id, recordingId: a.rec.id, relPath: rel, hash: a.srcFacts.hash, origin: 'attached' }, { abs: lib.paths.abs(rel) });
  writeAudit(lib.sqlite, { action: 'attach', reason: 'edited in place by the user', relPath: rel, recordingId: a.rec.id, bytes: a.srcFacts.size });
}

/**
 * The transcript on both timelines: `source` (kept as source.json) and `kept` (master.json), with
 * what mapping dropped or clipped. Without a cut the two are the same transcript.
 */
function timelinesOf(m: MasterTranscript, ranges: ReturnType<typeof keptRangesOf>, timeline: Timeline): { source: MasterTranscript; kept: MasterTranscript; dropped: number; clipped: number } {
  if (!ranges) return { source: m, kept: m, dropped: 0, clipped: 0 };
  if (timeline === 'processed') return { source: keptToSource(m, ranges), kept: m, dropped: 0, clipped: 0 };
  const mapped = mapToKept(m, ranges);
  return { source: m, kept: mapped.master, dropped: mapped.dropped, clipped: mapped.clipped };
}
