/**
 * Processing one recording: trim -> audio -> poster -> subtitles, as one job. Every stage writes
 * into temp/<uid>/<job-id>/ and its output is read back with ffprobe; nothing in the library
 * changes until all stages are done, then commit.ts moves the outputs in and registers them in one
 * transaction. Failure or cancel: the recording keeps its previous files and state, and the temp
 * folder goes whatever happens.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileKind, RecordingStatus } from '@shared/domain';
import type { StageInfo } from '@shared/jobs';
import { CancelledError, type JobContext } from '../jobs/queue';
import type { Library } from '../catalog/library';
import { faultPoint } from '../storage/faults';
import { atomicWrite } from '../storage/fsops';
import { hashFile } from '../storage/hash';
import { extractAudio } from '../tools/audio';
import type { MediaTools } from '../tools/binaries';
import { beginJournal, commitOutputs, finishJournal, type NewOutput, type ProcessJournal } from './commit';
import { makePoster, POSTER_WIDTH } from '../tools/poster';
import { inspectMedia, type MediaLayout, overlapSec, sourceDamage } from '../tools/streams';
import { FfmpegError } from '../tools/runner';
import type { TranscriptSegment } from '../transcripts/engine';
import { type MasterTranscript, parseMaster, serializeMaster } from '../transcripts/master';
import { indexTranscriptFile } from '../transcripts/search';
import { keptRangesOf, mapToKept, SOURCE_MASTER } from '../transcripts/timeline';
import { transcriptSource, type TranscriptOrigin } from '../catalog/repositories/transcripts';
import { subtitlesOf } from '../transcripts/subtitles-of';
import { cutMedia, planTrim, type TrimPlan } from '../tools/trim';
import { type ExpectedStream, verifyOutput } from '../tools/verify-output';
import { errorMessage } from '@shared/errors';
import { effectiveTrim } from '../templates/processing';

export const STAGES = ['trim', 'audio', 'poster', 'subtitles'] as const;
export type StageName = (typeof STAGES)[number];

/** Rough share of the work per stage, for one progress bar and an ETA. */
const WEIGHT: Record<StageName | 'commit', number> = { trim: 0.25, audio: 0.55, poster: 0.08, subtitles: 0.04, commit: 0.08 };

export function initialStages(): Record<StageName, StageInfo> {
  return { trim: { status: 'pending' }, audio: { status: 'pending' }, poster: { status: 'pending' }, subtitles: { status: 'pending' } };
}

export interface ProcessOutcome {
  id: number;
  status: RecordingStatus;
  stages: Record<StageName, StageInfo>;
}

export class ProcessError extends Error {
  override name = 'ProcessError';
}

/** Statuses a recording can be processed from. */
const PROCESSABLE = new Set(['ready', 'processed', 'needs_review', 'failed']);

interface RecRow {
  id: number;
  profileId: number;
  status: string;
  statusReason: string | null;
  durationMs: number;
}

export async function processRecording(lib: Library, tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>, recordingId: number, ctx: JobContext): Promise<ProcessOutcome> {
  const rec = lib.sqlite
    .prepare('SELECT id, profile_id AS profileId, status, status_reason AS statusReason, duration_ms AS durationMs FROM recordings WHERE id = ?')
    .get(recordingId) as RecRow | undefined;
  if (!rec) throw new ProcessError(`There is no recording #${recordingId}`);
  if (!PROCESSABLE.has(rec.status)) throw new ProcessError(`Recording #${recordingId} cannot be processed while it is ${rec.status.replace('_', ' ')}`);
  const source = lib.sqlite.prepare("SELECT rel_path AS relPath FROM files WHERE recording_id = ? AND kind = 'source' LIMIT 1").get(recordingId) as
    | { relPath: string }
    | undefined;
  if (!source) throw new ProcessError(`Recording #${recordingId} has no source file in the catalog`);
  const srcAbs = lib.paths.abs(source.relPath);
  // The recording's template may set its own thresholds; read once, so a mid-job edit cannot mix them.
  const trimSettings = effectiveTrim(lib, recordingId);

  const stages = initialStages();
  const started = Date.now();
  const share: Record<StageName | 'commit', number> = { trim: 0, audio: 0, poster: 0, subtitles: 0, commit: 0 };
  let lastStageEmit = 0;
  let label = 'Starting';
  const setStage = (name: StageName, info: StageInfo) => {
    stages[name] = info;
    ctx.stage(name, info);
  };
  const progress = (name: StageName | 'commit', f: number, what?: string) => {
    share[name] = Math.min(1, Math.max(share[name], f));
    if (what) label = what;
    const fraction = Math.min(1, (Object.keys(share) as (StageName | 'commit')[]).reduce((a, k) => a + WEIGHT[k] * share[k], 0));
    const elapsed = (Date.now() - started) / 1000;
    ctx.progress({
      fraction,
      done: STAGES.filter((s) => ['done', 'skipped', 'needs_review'].includes(stages[s].status)).length,
      total: STAGES.length,
      // Stages run side by side: the words say what runs, the percentages live on each stage.
      current: label,
      etaSec: fraction > 0.03 && elapsed > 1 ? (elapsed * (1 - fraction)) / fraction : null,
    });
    // Stage rows are persisted: update their own progress at most once a second.
    if (name !== 'commit' && Date.now() - lastStageEmit > 1000 && stages[name].status === 'running') {
      lastStageEmit = Date.now();
      setStage(name, { ...stages[name], progress: Math.round(f * 100) / 100 });
    }
  };
  const finishStage = (name: StageName, info: StageInfo) => {
    setStage(name, info);
    progress(name, 1);
    faultPoint('process:stage');
  };

  const tempRel = lib.paths.tempDir(rec.profileId, String(ctx.id));
  const tempAbs = lib.paths.abs(tempRel);
  const journal: ProcessJournal = { recordingId, profileId: rec.profileId, jobId: ctx.id, prevStatus: rec.status, prevReason: rec.statusReason, tempDir: tempRel };
  const journalId = beginJournal(lib, journal);
  lib.events.emit('library:changed', { reason: 'processing', recordingIds: [recordingId] });
  let current: StageName = 'trim';
  // Stages running side by side share one signal: the first failure stops the others.
  const inner = new AbortController();
  const stopInner = () => inner.abort();
  ctx.signal.addEventListener('abort', stopInner, { once: true });
  try {
    await fs.mkdir(path.join(tempAbs, 'out'), { recursive: true });
    faultPoint('process:started');
    const signal = inner.signal;
    const outputs: NewOutput[] = [];
    const out = (name: string) => path.join(tempAbs, 'out', name);

    // 1. Trim: the plan (silence from the audio, keyframe) comes first, the rest depends on it.
    setStage('trim', { status: 'running' });
    progress('trim', 0, 'Looking for silence');
    let layout: MediaLayout;
    try {
      layout = await inspectMedia(tools.ffprobe, srcAbs, { hintSec: rec.durationMs / 1000, signal });
    } catch (err) {
      if (signal.aborted) throw new CancelledError();
      throw new ProcessError(`The source cannot be read: ${errorMessage(err)}`);
    }
    const media = layout.info;
    const damage = sourceDamage(layout);
    if (damage) throw new ProcessError(damage);
    const plan: TrimPlan = await planTrim(tools, srcAbs, layout, trimSettings, signal);
    progress('trim', 0.2, plan.kind === 'cut' ? 'Cutting the silence, extracting the audio' : 'Extracting the audio');
    const range = plan.kind === 'cut' ? { startSec: plan.keptStartSec, endSec: plan.keptEndSec } : { startSec: 0, endSec: media.durationSec };
    const r3 = (n: number) => Math.round(n * 1000) / 1000;
    // Audio alone: the trimmed copy is audio.<ext> in the source's codec, registered as audio; an
    // MP3 source's copy is audio.mp3 itself (see the audio stage). Nothing called video exists.
    const audioOnly = media.video === null;
    const copyIsAudioMp3 = audioOnly && plan.kind === 'cut' && plan.ext === 'mp3';
    /** What each source stream should last in a copy of [from, to]. */
    const expectIn = (from: number, to: number): ExpectedStream[] =>
      layout.streams.map((st) => ({ type: st.type, n: st.n, durationSec: overlapSec(st, from, to), codec: st.codec, packetSec: st.packetSec }));

    const cutTask = async () => {
      if (plan.kind === 'cut') {
        const kind = audioOnly ? 'audio' : 'video';
        const name = `${kind}.${plan.ext}`;
        const file = out(name);
        await cutMedia(tools.ffmpeg, srcAbs, file, plan, { signal, onProgress: (f) => progress('trim', 0.2 + 0.7 * f) });
        await verifyOutput(tools.ffprobe, file, { kind, label: `trimmed ${kind}`, streams: expectIn(plan.keptStartSec, plan.keptEndSec) }, signal);
        outputs.push({ kind, tempAbs: file, destRel: lib.paths.recordingFile(rec.profileId, recordingId, kind, plan.ext), facts: await hashFile(file, { signal }) });
        finishStage('trim', {
          status: 'done',
          keptStartSec: r3(plan.keptStartSec),
          keptEndSec: r3(plan.keptEndSec),
          speechStartSec: r3(plan.bounds.speechStartSec),
          speechEndSec: r3(plan.bounds.speechEndSec),
          container: plan.ext,
          file: name,
        });
      } else if (plan.kind === 'needs_review') {
        finishStage('trim', { status: 'needs_review', reason: plan.reason, keptStartSec: r3(plan.keptStartSec), keptEndSec: r3(plan.keptEndSec), durationSec: r3(media.durationSec) });
      } else {
        finishStage('trim', {
          status: plan.bounds === null ? 'skipped' : 'done',
          reason: `${plan.reason}: the source ${audioOnly ? 'is played as it is' : 'is the video'}, no copy was made`,
          keptStartSec: 0,
          keptEndSec: r3(media.durationSec),
        });
      }
    };

    // 2. Audio: audio.mp3 of the kept range, on the kept timeline (a late start is filled with silence).
    const sound = layout.streams.find((st) => st.type === 'audio' && st.n === 0);
    const audioTask = async () => {
      if (!media.audio || !sound) {
        finishStage('audio', { status: 'skipped', reason: 'the recording has no sound' });
        return;
      }
      if (copyIsAudioMp3) {
        finishStage('audio', { status: 'skipped', reason: 'the trimmed copy of the MP3 source is the audio (audio.mp3)' });
        return;
      }
      const heard = Math.min(range.endSec, sound.endSec) - range.startSec;
      if (heard <= 0) {
        finishStage('audio', { status: 'skipped', reason: 'the sound ends before the kept part starts' });
        return;
      }
      setStage('audio', { status: 'running' });
      const file = out('audio.mp3');
      await extractAudio(tools.ffmpeg, srcAbs, file, range, { signal, onProgress: (f) => progress('audio', f) });
      await verifyOutput(
        tools.ffprobe,
        file,
        { kind: 'audio', label: 'audio (audio.mp3)', streams: [{ type: 'audio', n: 0, durationSec: heard, codec: sound.codec, packetSec: sound.packetSec }] },
        signal,
      );
      outputs.push({ kind: 'audio', tempAbs: file, destRel: lib.paths.recordingFile(rec.profileId, recordingId, 'audio'), facts: await hashFile(file, { signal }) });
      finishStage('audio', { status: 'done' });
    };

    // 3. Poster: a frame of the picture inside the kept range (the picture may start late or stop early).
    const picture = layout.streams.find((st) => st.type === 'video' && st.n === 0);
    const posterTask = async () => {
      if (!media.video || !picture) {
        finishStage('poster', { status: 'skipped', reason: 'audio-only recording' });
        return;
      }
      setStage('poster', { status: 'running' });
      const file = out('poster.jpg');
      const seen = { startSec: Math.max(range.startSec, picture.startSec), endSec: Math.min(range.endSec, picture.endSec) };
      await makePoster(tools.ffmpeg, srcAbs, file, seen.endSec > seen.startSec ? seen : range, signal);
      await verifyOutput(tools.ffprobe, file, { kind: 'image', label: 'poster', width: POSTER_WIDTH }, signal);
      outputs.push({ kind: 'poster', tempAbs: file, destRel: lib.paths.recordingFile(rec.profileId, recordingId, 'poster'), facts: await hashFile(file, { signal }) });
      finishStage('poster', { status: 'done' });
    };

    // The cut is mostly disk, the audio mostly CPU: side by side they take about as long as the audio alone.
    const named: [StageName, () => Promise<void>][] = [
      ['trim', cutTask],
      ['audio', audioTask],
      ['poster', posterTask],
    ];
    const settled = await Promise.allSettled(
      named.map(([name, task]) =>
        task().catch((err: unknown) => {
          inner.abort();
          throw Object.assign(new Error('stage failed'), { stage: name, cause: err });
        }),
      ),
    );
    const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as { stage: StageName; cause: unknown }] : []));
    if (failures.length) {
      // The stage that really failed, not the ones stopped because of it.
      const first = failures.find((f) => !(f.cause instanceof CancelledError)) ?? failures[0]!;
      current = first.stage;
      throw first.cause;
    }

    // 4. Subtitles
    current = 'subtitles';
    const masterRel = lib.paths.transcriptFile(rec.profileId, recordingId, 'master.json');
    let subtitlesRan = false;
    // An attached transcript kept on the source's timeline (source.json) is mapped onto the new
    // kept range: master.json is made again from it, then the subtitles from master.json.
    const remapped = await remapAttached(lib, rec, plan.kind === 'cut' ? plan : null, out('master.json'));
    if (remapped) outputs.push({ kind: 'transcript', tempAbs: out('master.json'), destRel: masterRel });
    const master = remapped ? remapped.text : await fs.readFile(lib.paths.abs(masterRel), 'utf8').catch(() => null);
    // The transcript is the person's (or the old system's): one that cannot make subtitles skips
    // this stage with the reason; it never fails the processing of the recording.
    const transcript = master === null ? 'no transcript yet (transcription/master.json)' : readTranscriptText(master);
    if (typeof transcript === 'string') {
      if (master !== null) lib.log.warn('subtitles skipped', { recordingId, reason: transcript });
      finishStage('subtitles', { status: 'skipped', reason: transcript });
    } else {
      setStage('subtitles', { status: 'running' });
      const { segments, warnings } = transcript;
      const untimed = warnings.filter((w) => /has no times/.test(w)).length;
      if (warnings.length) lib.log.warn('transcript segments left out of the subtitles', { recordingId, warnings: warnings.slice(0, 5).join(' ') });
      // master.json is on the kept video's timeline (DESIGN §6a), like audio.mp3: the subtitles are
      // its segments as they are, clipped to the played file's length.
      const subs = subtitlesOf(segments, range.endSec - range.startSec);
      const files: [string, string][] = [
        ['subtitles.srt', subs.srt],
        ['subtitles.vtt', subs.vtt],
      ];
      // A subtitles file the person put there (attached, kind `transcript`) is theirs: never overwritten.
      const theirs = new Set(
        (lib.sqlite.prepare("SELECT rel_path AS p FROM files WHERE recording_id = ? AND kind = 'transcript'").all(recordingId) as { p: string }[]).map((r) => r.p),
      );
      for (const [name, text] of files) {
        if (theirs.has(lib.paths.transcriptFile(rec.profileId, recordingId, name as 'subtitles.srt'))) continue;
        const file = out(name);
        await atomicWrite(file, text);
        // ffprobe cannot open a subtitle file without a cue; an empty one is still a valid answer.
        if (subs.cues > 0) await verifyOutput(tools.ffprobe, file, { kind: 'subtitle' }, signal);
        outputs.push({ kind: 'subtitle', tempAbs: file, destRel: lib.paths.transcriptFile(rec.profileId, recordingId, name as 'subtitles.srt') });
      }
      subtitlesRan = true;
      finishStage('subtitles', {
        status: 'done',
        cues: subs.cues,
        reason: untimed ? `${untimed} segment(s) of master.json have no times and are not in the subtitles` : null,
        ...(remapped ? { remapped: { segments: segments.length, dropped: remapped.dropped, clipped: remapped.clipped } } : {}),
      });
    }

    if (signal.aborted) throw new CancelledError();
    faultPoint('process:staged');
    progress('commit', 0, 'Saving');
    // Stale outputs of the stages that ran: a video that is no longer trimmed (or changed container),
    // original-timeline subtitles of a recording no longer trimmed.
    const existing = lib.sqlite.prepare('SELECT id, kind, rel_path AS relPath FROM files WHERE recording_id = ?').all(recordingId) as {
      id: number;
      kind: FileKind;
      relPath: string;
    }[];
    const produced = new Set(outputs.map((o) => o.destRel as string));
    // Audio files go too when the recording has sound (audio.mp3 was made again): an audio.<ext>
    // copy that is no longer trimmed. A `video` file of an audio-only recording (older versions
    // named its trimmed copy video.mka or video.webm) is never produced now, so it goes as well.
    const remove = existing.filter(
      (f) => !produced.has(f.relPath) && (f.kind === 'video' || (media.audio !== null && f.kind === 'audio') || (subtitlesRan && f.kind === 'subtitle')),
    );
    const needsReview = plan.kind === 'needs_review';
    await commitOutputs(lib, journalId, journal, outputs, remove, {
      status: needsReview ? 'needs_review' : 'processed',
      statusReason: needsReview ? plan.reason : null,
      keptStartMs: plan.kind === 'cut' ? Math.round(plan.keptStartSec * 1000) : null,
      keptEndMs: plan.kind === 'cut' ? Math.round(plan.keptEndSec * 1000) : null,
      // The remade master.json is searchable in the same transaction as its row.
      onCommit: remapped
        ? (ids) => {
            const fileId = ids.get(masterRel)!;
            const hash = (lib.sqlite.prepare('SELECT hash FROM files WHERE id = ?').get(fileId) as { hash: string }).hash;
            indexTranscriptFile(lib.sqlite, { fileId, recordingId, relPath: masterRel, hash, origin: remapped.origin }, { text: remapped.text });
          }
        : undefined,
    });
    await finishJournal(lib, journalId, null);
    progress('commit', 1, 'Done');
    lib.events.emit('library:changed', { reason: 'processed', recordingIds: [recordingId] });
    return { id: recordingId, status: needsReview ? 'needs_review' : 'processed', stages };
  } catch (err) {
    const cancelled = ctx.signal.aborted || (err instanceof CancelledError && !inner.signal.aborted);
    const message = errorMessage(err);
    if (!cancelled) setStage(current, { status: 'failed', reason: message });
    for (const s of STAGES) if (stages[s].status === 'pending' || stages[s].status === 'running') setStage(s, { status: 'skipped', reason: cancelled ? 'cancelled' : 'not run: an earlier stage failed' });
    await finishJournal(lib, journalId, cancelled ? null : `Processing failed (${current}): ${message}`, cancelled).catch((e: unknown) =>
      lib.log.error('could not undo a processing job', { recordingId, error: String(e) }),
    );
    lib.events.emit('library:changed', { reason: cancelled ? 'processing-cancelled' : 'processing-failed', recordingIds: [recordingId] });
    if (cancelled) throw new CancelledError();
    throw err instanceof FfmpegError || err instanceof ProcessError ? err : new ProcessError(message);
  } finally {
    ctx.signal.removeEventListener('abort', stopInner);
  }
}

interface Remapped {
  text: string;
  origin: TranscriptOrigin;
  dropped: number;
  clipped: number;
}

/**
 * master.json made again from the recording's source.json (an attached transcript on the source's
 * timeline) for the kept range `cut` (null: nothing cut, the kept video is the source), written to
 * `dest` and read back. Null when the recording has no source.json; one that cannot be read is
 * logged and the current master.json stays.
 */
async function remapAttached(lib: Library, rec: { id: number; profileId: number }, cut: { keptStartSec: number; keptEndSec: number } | null, dest: string): Promise<Remapped | null> {
  const sourceRel = `${lib.paths.transcriptionDir(rec.profileId, rec.id)}/${SOURCE_MASTER}`;
  if (!lib.sqlite.prepare('SELECT 1 FROM files WHERE rel_path = ? AND recording_id = ?').get(sourceRel, rec.id)) return null;
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
  const masterRow = lib.sqlite.prepare('SELECT id FROM files WHERE rel_path = ?').get(lib.paths.transcriptFile(rec.profileId, rec.id, 'master.json')) as { id: number } | undefined;
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
