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
 * Files move the way processing moves them (media/commit): written into temp, fsynced, read back
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
import type { Library } from '../catalog/library';
import { writeAudit } from '../catalog/repositories/audit';
import { transcriptSource } from '../catalog/repositories/transcripts';
import { beginJournal, commitOutputs, finishJournal, type NewOutput, type ProcessJournal } from '../media/commit';
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

interface RecTimes {
  statusReason: string | null;
  durationMs: number | null;
  keptStartMs: number | null;
  keptEndMs: number | null;
}

function fileRow(lib: Library, relPath: string): { id: number; recordingId: number | null; kind: string; hash: string } | undefined {
  return lib.sqlite.prepare('SELECT id, recording_id AS recordingId, kind, hash FROM files WHERE rel_path = ?').get(relPath) as never;
}

async function onDisk(lib: Library, rel: string): Promise<boolean> {
  return (await fs.lstat(lib.paths.abs(rel)).catch(() => null)) !== null;
}

/**
 * Attaches `t` (read from `src`) to recording `rec`: master.json, the subtitles made from it, and
 * for subtitles the file itself as `keptName`. Returns the kept file's (or master.json's) path.
 */
export async function attachTranscript(lib: Library, rec: Rec, src: string, t: AttachedTranscript, keptName?: string, timeline: Timeline = 'source'): Promise<AttachResult> {
  const id = rec.id;
  const dirRel = lib.paths.transcriptionDir(rec.profileId, id);
  lib.paths.assertNoEscape(dirRel);
  const masterRel = lib.paths.transcriptFile(rec.profileId, id, 'master.json');
  const sourceRel = toRelPath(`${dirRel}/${SOURCE_MASTER}`);
  // The names master.json and subtitles.* are the ones made from master.json: a person's file of
  // that name is kept beside them as "<name> (attached).<ext>", so processing never writes over it.
  if (keptName !== undefined && GENERATED.test(keptName)) keptName = keptName.replace(/^(.*?)(\.[^.]+)$/, '$1 (attached)$2');
  const keptRel = keptName !== undefined ? toRelPath(`${dirRel}/${keptName}`) : null;
  const srcFacts = await hashFile(src);
  const summary: NonNullable<AttachResult['transcript']> = { path: masterRel as string, segments: t.master.segments.length, warnings: t.warnings, timeline, dropped: 0, clipped: 0 };

  // What is already there decides: the same file again is "already attached"; anything else of a
  // person's is kept and the attach refused; only an engine's master.json gives way.
  const keptRow = keptRel ? fileRow(lib, keptRel) : undefined;
  if (keptRel && (keptRow || (await onDisk(lib, keptRel)))) {
    if (keptRow?.recordingId === id && keptRow.hash === srcFacts.hash) return { id, path: keptRel, kind: 'transcript', size: srcFacts.size, already: true, transcript: summary };
    throw new AttachError(`Recording #${id} already has transcription/${keptName!} with other content: rename your file to attach both. Nothing was changed.`);
  }
  const masterRow = fileRow(lib, masterRel);
  // A second subtitles file (a translation, another export) beside a person's transcript is kept
  // and searchable, and master.json stays theirs.
  let makeMaster = true;
  if (masterRow) {
    const origin = transcriptSource(lib.sqlite, masterRow.id)?.origin ?? 'attached';
    if (!keptRel && (masterRow.hash === srcFacts.hash || fileRow(lib, sourceRel)?.hash === srcFacts.hash)) return { id, path: masterRel, kind: 'transcript', size: srcFacts.size, already: true, transcript: summary };
    if (origin !== 'engine') {
      if (!keptRel) throw new AttachError(`Recording #${id} already has transcription/master.json with other content: nothing was changed.`);
      makeMaster = false;
      const had = (lib.sqlite.prepare('SELECT COUNT(*) AS n FROM transcript_segments WHERE file_id = ?').get(masterRow.id) as { n: number } | undefined)?.n ?? 0;
      summary.segments = had;
      summary.warnings = [
        ...summary.warnings,
        `The recording already had a transcript that was ${origin === 'migrated' ? 'brought over from the old library' : 'attached'} (transcription/master.json); it is kept, and ${keptName!} was added beside it and is searchable.`,
      ];
    }
  } else if (await onDisk(lib, masterRel)) {
    throw new AttachError(`Recording #${id} has a transcription/master.json the catalog does not know yet: run \`reclib scan\` (or wait for the next scan), then attach again. Nothing was changed.`);
  }

  const times = lib.sqlite
    .prepare('SELECT status_reason AS statusReason, duration_ms AS durationMs, kept_start_ms AS keptStartMs, kept_end_ms AS keptEndMs FROM recordings WHERE id = ?')
    .get(id) as RecTimes;
  // The subtitles fit the file the recording plays (the kept video once processed, else the source).
  const playedSec = times.keptStartMs !== null && times.keptEndMs !== null ? (times.keptEndMs - times.keptStartMs) / 1000 : times.durationMs ? times.durationMs / 1000 : null;
  const onTimelines = makeMaster ? timelinesOf(t.master, keptRangesOf(times), timeline) : null;
  if (onTimelines) {
    summary.segments = onTimelines.kept.segments.length;
    summary.dropped = onTimelines.dropped;
    summary.clipped = onTimelines.clipped;
    if (onTimelines.kept.segments.length === 0) {
      const r = keptRangesOf(times)![0]!;
      throw new AttachError(
        `None of the ${t.master.segments.length} segments of ${path.basename(src)} falls inside the kept video (${r.startSec.toFixed(1)}–${r.endSec.toFixed(1)} s of the source): if its times already refer to the processed video, attach it with the timeline "processed" (--timeline processed). Nothing was attached.`,
      );
    }
  }

  const tempRel = lib.paths.tempDir(rec.profileId, `attach-${randomUUID()}`);
  const tempAbs = lib.paths.abs(tempRel);
  const out = (name: string) => path.join(tempAbs, 'out', name);
  const journal: ProcessJournal = { recordingId: id, profileId: rec.profileId, jobId: 0, prevStatus: rec.status, prevReason: times.statusReason, tempDir: tempRel };
  const journalId = beginJournal(lib, journal);
  try {
    const outputs: NewOutput[] = [];
    let masterText: string | null = null;
    if (t.kind === 'master') {
      // The person's master JSON is kept byte for byte: as master.json when its times are the
      // played video's, else as source.json (and master.json is made from it below).
      const asIs = onTimelines!.kept === t.master ? 'master.json' : SOURCE_MASTER;
      const facts = await copyVerified(src, out(asIs));
      if (facts.hash !== srcFacts.hash) throw new AttachError(`${path.basename(src)} changed while it was copied: attach it again. Nothing was changed.`);
      outputs.push({ kind: 'transcript', tempAbs: out(asIs), destRel: asIs === 'master.json' ? masterRel : sourceRel, facts });
      if (asIs === 'master.json') masterText = await fs.readFile(out('master.json'), 'utf8');
    } else {
      const facts = await copyVerified(src, out(keptName!));
      if (facts.hash !== srcFacts.hash) throw new AttachError(`${path.basename(src)} changed while it was copied: attach it again. Nothing was changed.`);
      outputs.push({ kind: 'transcript', tempAbs: out(keptName!), destRel: keptRel!, facts });
    }
    if (onTimelines) {
      if (masterText === null) {
        masterText = serializeMaster(onTimelines.kept);
        await atomicWrite(out('master.json'), masterText);
        outputs.push({ kind: 'transcript', tempAbs: out('master.json'), destRel: masterRel });
      }
      if (!outputs.some((o) => o.destRel === sourceRel)) {
        const text = serializeMaster(onTimelines.source);
        await atomicWrite(out(SOURCE_MASTER), text);
        if (parseMaster(await fs.readFile(out(SOURCE_MASTER), 'utf8')).master.segments.length !== onTimelines.source.segments.length) {
          throw new AttachError('The transcript read back from the temporary folder is not the one written (the disk may be failing). Nothing was changed.');
        }
        outputs.push({ kind: 'transcript', tempAbs: out(SOURCE_MASTER), destRel: sourceRel });
      }
    }
    if (masterText !== null) {
      // Read back what was written: the transcript in temp must be the one meant.
      const back = parseMaster(await fs.readFile(out('master.json'), 'utf8')).master;
      if (back.segments.length !== summary.segments) throw new AttachError('The transcript read back from the temporary folder is not the one written (the disk may be failing). Nothing was changed.');
      // A subtitles file of the person's at the generated name (kind transcript, or the one attached now) stays theirs.
      const theirs = new Set((lib.sqlite.prepare("SELECT rel_path AS p FROM files WHERE recording_id = ? AND kind = 'transcript'").all(id) as { p: string }[]).map((r) => r.p));
      if (keptRel) theirs.add(keptRel);
      const subs = subtitlesOf(back.segments, playedSec);
      for (const [name, body] of [['subtitles.srt', subs.srt], ['subtitles.vtt', subs.vtt]] as const) {
        const destRel = lib.paths.transcriptFile(rec.profileId, id, name);
        if (theirs.has(destRel)) continue;
        await atomicWrite(out(name), body);
        if (subs.cues > 0 && readSubtitles(await fs.readFile(out(name), 'utf8')).length === 0) throw new AttachError('The subtitles read back from the temporary folder are empty (the disk may be failing). Nothing was changed.');
        outputs.push({ kind: 'subtitle', tempAbs: out(name), destRel });
      }
    }
    for (const o of outputs) expectWrite(lib.paths.abs(o.destRel));

    await commitOutputs(lib, journalId, journal, outputs, [], {
      status: rec.status as 'processed',
      statusReason: times.statusReason,
      keptStartMs: times.keptStartMs,
      keptEndMs: times.keptEndMs,
      onCommit: (ids) => {
        // Searchable in the same transaction as the rows: search and disk never disagree.
        for (const o of outputs) {
          if (o.kind !== 'transcript') continue;
          const fileId = ids.get(o.destRel)!;
          const hash = (lib.sqlite.prepare('SELECT hash FROM files WHERE id = ?').get(fileId) as { hash: string }).hash;
          indexTranscriptFile(
            lib.sqlite,
            { fileId, recordingId: id, relPath: o.destRel, hash, origin: 'attached' },
            o.destRel === masterRel && masterText !== null ? { text: masterText } : { abs: lib.paths.abs(o.destRel) },
            { ownTimes: !makeMaster },
          );
          const size = (lib.sqlite.prepare('SELECT size FROM files WHERE id = ?').get(fileId) as { size: number }).size;
          const made = (o.destRel === masterRel && (keptRel || onTimelines?.kept !== t.master)) || (o.destRel === sourceRel && (keptRel || onTimelines?.source !== t.master));
          writeAudit(lib.sqlite, { action: 'attach', reason: made ? `made from ${src} (${timeline} timeline), attached by the user` : `attached by the user from ${src}`, relPath: o.destRel, recordingId: id, bytes: size });
        }
      },
    });
    await finishJournal(lib, journalId, null);
  } catch (err) {
    await finishJournal(lib, journalId, null, true).catch((e: unknown) => lib.log.error('could not undo an attach', { recordingId: id, error: errorMessage(e) }));
    if (err instanceof AttachError) throw err;
    throw new AttachError(`The transcript could not be attached to recording #${id}: ${errorMessage(err)}. Nothing was changed.`, { cause: err });
  }
  lib.events.emit('library:changed', { reason: 'attached', recordingIds: [id] });
  const result: RelPath = keptRel ?? masterRel;
  return { id, path: result, kind: 'transcript', size: srcFacts.size, already: false, transcript: summary };
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
