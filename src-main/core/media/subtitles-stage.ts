/**
 * 4. Subtitles: subtitles.srt/.vtt made from the recording's transcription/master.json, which is
 * on the kept video's timeline (DESIGN §6a), like audio.mp3. An attached transcript kept on the
 * source's timeline (source.json) is mapped onto the new kept range first: master.json is made
 * again from it, then the subtitles from master.json.
 */
import fs from 'node:fs/promises';
import { errorMessage } from '@shared/errors';
import type { Library } from '@core/catalog/library';
import { fileAtPath, transcriptPathsOf } from '@core/catalog/repositories/files/processing';
import { transcriptSource, type TranscriptOrigin } from '@core/catalog/repositories/transcripts';
import { atomicWrite } from '@core/storage/fsops';
import { verifyOutput } from '@core/tools/verify-output';
import type { TranscriptSegment } from '@core/transcripts/engine';
import { type MasterTranscript, parseMaster, serializeMaster } from '@core/transcripts/master';
import { NO_SPEECH_HEARD, subtitleFiles, subtitlesOf } from '@core/transcripts/subtitles-of';
import { keptRangesOf, mapToKept, SOURCE_MASTER } from '@core/transcripts/timeline';
import type { SourcePlan } from './media-stages';
import { outFile, ProcessError, type ProcessRun } from './run';

export interface Remapped {
  text: string;
  origin: TranscriptOrigin;
  dropped: number;
  clipped: number;
}

export interface SubtitlesResult {
  masterRel: string;
  /** master.json made again from source.json (to be indexed with its row), or null. */
  remapped: Remapped | null;
  /** Whether subtitles were made (the old ones of the recording go). */
  ran: boolean;
}

export async function subtitlesStage(run: ProcessRun, { plan, range }: SourcePlan): Promise<SubtitlesResult> {
  const { lib, tools, rec, signal, track } = run;
  run.current = 'subtitles';
  const recordingId = rec.id;
  const masterRel = lib.paths.transcriptFile(rec.profileId, recordingId, 'master.json');
  const remapped = await remapAttached(lib, rec, plan.kind === 'cut' ? plan : null, outFile(run, 'master.json'));
  if (remapped) run.outputs.push({ kind: 'transcript', tempAbs: outFile(run, 'master.json'), destRel: masterRel });
  const master = remapped ? remapped.text : await fs.readFile(lib.paths.abs(masterRel), 'utf8').catch(() => null);
  // The transcript is the person's (or the old system's): one that cannot make subtitles skips
  // this stage with the reason; it never fails the processing of the recording.
  const transcript = master === null ? 'no transcript yet (transcription/master.json)' : readTranscriptText(master);
  if (typeof transcript === 'string') {
    if (master !== null) lib.log.warn('subtitles skipped', { recordingId, reason: transcript });
    track.finish('subtitles', { status: 'skipped', reason: transcript });
    return { masterRel, remapped, ran: false };
  }
  track.set('subtitles', { status: 'running' });
  const { segments, warnings } = transcript;
  const untimed = warnings.filter((w) => /has no times/.test(w)).length;
  if (warnings.length) lib.log.warn('transcript segments left out of the subtitles', { recordingId, warnings: warnings.slice(0, 5).join(' ') });
  // The subtitles are master.json's segments as they are, clipped to the played file's length.
  const subs = subtitlesOf(segments, range.endSec - range.startSec);
  // A subtitles file the person put there (attached, kind `transcript`) is theirs: never overwritten.
  const theirs = transcriptPathsOf(lib.sqlite, recordingId);
  // Without a cue nothing is written, and the stage having run, the old subtitles go (pipeline.ts).
  for (const [name, text] of subtitleFiles(subs)) {
    const destRel = lib.paths.transcriptFile(rec.profileId, recordingId, name);
    if (theirs.has(destRel)) continue;
    const file = outFile(run, name);
    await atomicWrite(file, text);
    await verifyOutput(tools.ffprobe, file, { kind: 'subtitle' }, signal);
    run.outputs.push({ kind: 'subtitle', tempAbs: file, destRel });
  }
  track.finish('subtitles', {
    status: 'done',
    cues: subs.cues,
    reason: subs.cues === 0 ? NO_SPEECH_HEARD : untimed ? `${untimed} segment(s) of master.json have no times and are not in the subtitles` : null,
    ...(remapped ? { remapped: { segments: segments.length, dropped: remapped.dropped, clipped: remapped.clipped } } : {}),
  });
  return { masterRel, remapped, ran: true };
}

/**
 * master.json made again from the recording's source.json (an attached transcript on the source's
 * timeline) for the kept range `cut` (null: nothing cut, the kept video is the source), written to
 * `dest` and read back. Null when the recording has no source.json; one that cannot be read is
 * logged and the current master.json stays.
 */
async function remapAttached(lib: Library, rec: { id: number; profileId: number }, cut: { keptStartSec: number; keptEndSec: number } | null, dest: string): Promise<Remapped | null> {
  const sourceRel = `${lib.paths.transcriptionDir(rec.profileId, rec.id)}/${SOURCE_MASTER}`;
  if (fileAtPath(lib.sqlite, sourceRel)?.recordingId !== rec.id) return null;
  let source: MasterTranscript;
  try {
    source = parseMaster(await fs.readFile(lib.paths.abs(sourceRel), 'utf8')).master;
  } catch (err) {
    lib.log.warn('the source-timeline transcript could not be read; master.json is kept as it is', { recordingId: rec.id, error: errorMessage(err) });
    return null;
  }
  // The same rounding as the catalog's kept_start_ms/kept_end_ms, so attach and processing agree.
  const ranges = cut ? keptRangesOf({ keptStartMs: Math.round(cut.keptStartSec * 1000), keptEndMs: Math.round(cut.keptEndSec * 1000) }) : null;
  const mapped = ranges ? mapToKept(source, ranges) : { master: source, dropped: 0, clipped: 0 };
  const text = serializeMaster(mapped.master);
  await atomicWrite(dest, text);
  if (parseMaster(await fs.readFile(dest, 'utf8')).master.segments.length !== mapped.master.segments.length) {
    throw new ProcessError('The transcript read back from the temporary folder is not the one written (the disk may be failing)');
  }
  const masterRow = fileAtPath(lib.sqlite, lib.paths.transcriptFile(rec.profileId, rec.id, 'master.json'));
  const origin = (masterRow && transcriptSource(lib.sqlite, masterRow.id)?.origin) || 'attached';
  return { text, origin, dropped: mapped.dropped, clipped: mapped.clipped };
}

/** master.json read for subtitles, or why it cannot make any (said as the stage's reason). */
function readTranscriptText(text: string): { segments: TranscriptSegment[]; warnings: string[] } | string {
  try {
    const { master, warnings } = parseMaster(text);
    if (!master.segments.length && warnings.length) return 'transcription/master.json has no times (neither on its segments nor on their words)';
    return { segments: master.segments, warnings };
  } catch (err) {
    return `transcription/master.json cannot be used: ${errorMessage(err)}`;
  }
}
