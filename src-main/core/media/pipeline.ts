/**
 * Processing one recording: trim -> audio -> poster -> subtitles, as one job. Every stage writes
 * into temp/<uid>/<job-id>/ and its output is read back (tools/verify-output.ts); nothing in the library
 * changes until all stages are done, then outputs/commit.ts moves the outputs in and registers
 * them in one transaction. Failure or cancel: the recording keeps its previous files and state,
 * and the temp folder goes whatever happens.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RecordingStatus } from '@shared/domain';
import { errorMessage } from '@shared/errors';
import type { StageInfo } from '@shared/jobs';
import type { Library } from '@core/catalog/library';
import { getFileRow } from '@core/catalog/repositories/files/ledger';
import { filesOfRecording, sourceFileOf } from '@core/catalog/repositories/files/processing';
import { processingRecording } from '@core/catalog/repositories/recordings/processing';
import { CancelledError, type JobContext } from '@core/jobs/queue';
import { beginJournal, commitOutputs, finishJournal, type ProcessJournal } from '@core/outputs/commit';
import { DISK_FULL, isDiskFull } from '@core/storage/disk-full';
import { faultPoint } from '@core/storage/faults';
import { effectiveTrim } from '@core/templates/processing';
import type { MediaTools } from '@core/tools/binaries';
import { FfmpegError } from '@core/tools/runner';
import { indexTranscriptFile } from '@core/transcripts/search';
import { planSource, runSourceStages, type SourcePlan, startEarlyLook } from './media-stages';
import { remakeable } from './remake';
import { ensureRoom, WAITING_FOR_ROOM } from './room';
import { ProcessError, type ProcessRun, STAGES, type StageName, trackStages } from './run';
import { subtitlesStage, type SubtitlesResult } from './subtitles-stage';

export { initialStages, ProcessError, STAGES, type StageName } from './run';

export interface ProcessOutcome {
  id: number;
  status: RecordingStatus;
  stages: Record<StageName, StageInfo>;
}

/** Statuses a recording can be processed from; `missing` too while its source is there (media/remake.ts). */
const PROCESSABLE = new Set(['ready', 'processed', 'needs_review', 'failed']);

export async function processRecording(lib: Library, tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>, recordingId: number, ctx: JobContext): Promise<ProcessOutcome> {
  const rec = processingRecording(lib.sqlite, recordingId);
  if (!rec) throw new ProcessError(`There is no recording #${recordingId}`);
  if (rec.status === 'missing' && !remakeable(lib, recordingId)) throw new ProcessError(`Recording #${recordingId} cannot be processed: its source file is missing`);
  if (!PROCESSABLE.has(rec.status) && rec.status !== 'missing') throw new ProcessError(`Recording #${recordingId} cannot be processed while it is ${rec.status.replace('_', ' ')}`);
  const sourceRel = sourceFileOf(lib.sqlite, recordingId);
  if (sourceRel === null) throw new ProcessError(`Recording #${recordingId} has no source file in the catalog`);
  // The recording's template may set its own thresholds; read once, so a mid-job edit cannot mix them.
  const trimSettings = effectiveTrim(lib, recordingId);
  const track = trackStages(ctx);

  const tempRel = lib.paths.tempDir(rec.profileId, String(ctx.id));
  const journal: ProcessJournal = { recordingId, profileId: rec.profileId, jobId: ctx.id, prevStatus: rec.status, prevReason: rec.statusReason, tempDir: tempRel };
  // Stages running side by side share one signal: the first failure stops the others.
  const inner = new AbortController();
  const stopInner = () => inner.abort();
  ctx.signal.addEventListener('abort', stopInner, { once: true });
  const srcAbs = lib.paths.abs(sourceRel);
  // The silence analysis reads the source only: it starts before the journal's durable writes.
  const early = startEarlyLook(tools, srcAbs, rec.durationMs, trimSettings, inner.signal, (m) => lib.log.debug(m, { recordingId }));
  let journalId: number;
  try {
    journalId = beginJournal(lib, journal);
  } catch (err) {
    stopInner();
    ctx.signal.removeEventListener('abort', stopInner);
    throw err;
  }
  lib.events.emit('library:changed', { reason: 'processing', recordingIds: [recordingId] });
  const run: ProcessRun = {
    lib,
    tools,
    rec,
    srcAbs,
    signal: inner.signal,
    abort: stopInner,
    track,
    current: 'trim',
    outputs: [],
    tempAbs: lib.paths.abs(tempRel),
  };
  let giveRoomBack: (() => void) | undefined;
  try {
    await fs.mkdir(path.join(run.tempAbs, 'out'), { recursive: true });
    faultPoint('process:started');
    const p = await planSource(run, trimSettings, early);
    giveRoomBack = await ensureRoom(run, p, {
      signal: run.signal,
      onWait: () => track.progress('trim', 0.2, WAITING_FOR_ROOM),
    });
    await runSourceStages(run, p);
    const subtitles = await subtitlesStage(run, p);
    if (run.signal.aborted) throw new CancelledError();
    faultPoint('process:staged');
    const status = await commitProcessing(run, p, subtitles, journalId, journal);
    await finishJournal(lib, journalId, null);
    track.progress('commit', 1, 'Done');
    lib.events.emit('library:changed', { reason: 'processed', recordingIds: [recordingId] });
    return { id: recordingId, status, stages: track.stages };
  } catch (err) {
    throw await failProcessing(run, ctx, journalId, err);
  } finally {
    giveRoomBack?.();
    ctx.signal.removeEventListener('abort', stopInner);
    // Nothing the job started outlives it (an early look whose answer went unused, after a failure).
    stopInner();
  }
}

/** Moves the outputs in and sets the recording's new state: one commit (outputs/commit.ts). */
async function commitProcessing(run: ProcessRun, { plan, layout }: SourcePlan, subtitles: SubtitlesResult, journalId: number, journal: ProcessJournal): Promise<RecordingStatus> {
  const { lib, rec, outputs } = run;
  run.track.progress('commit', 0, 'Saving');
  // Stale outputs of the stages that ran: a video that is no longer trimmed (or changed container),
  // original-timeline subtitles of a recording no longer trimmed.
  const produced = new Set(outputs.map((o) => o.destRel as string));
  // Audio files go too when the recording has sound (audio.mp3 was made again): an audio.<ext>
  // copy that is no longer trimmed. A `video` file of an audio-only recording (older versions
  // named its trimmed copy video.mka or video.webm) is never produced now, so it goes as well.
  const remove = filesOfRecording(lib.sqlite, rec.id).filter(
    (f) => !produced.has(f.relPath) && (f.kind === 'video' || (layout.info.audio !== null && f.kind === 'audio') || (subtitles.ran && f.kind === 'subtitle')),
  );
  const needsReview = plan.kind === 'needs_review';
  const { remapped, masterRel } = subtitles;
  await commitOutputs(lib, journalId, journal, outputs, remove, {
    status: needsReview ? 'needs_review' : 'processed',
    statusReason: needsReview ? plan.reason : null,
    keptStartMs: plan.kind === 'cut' ? Math.round(plan.keptStartSec * 1000) : null,
    keptEndMs: plan.kind === 'cut' ? Math.round(plan.keptEndSec * 1000) : null,
    // The remade master.json is searchable in the same transaction as its row.
    onCommit: remapped
      ? (ids) => {
          const fileId = ids.get(masterRel)!;
          const hash = getFileRow(lib.sqlite, fileId)!.hash;
          indexTranscriptFile(lib.sqlite, { fileId, recordingId: rec.id, relPath: masterRel, hash, origin: remapped.origin }, { text: remapped.text });
        }
      : undefined,
  });
  return needsReview ? 'needs_review' : 'processed';
}

/**
 * A failed or cancelled job: the failing stage says why, the stages not run say so, the journal
 * undoes the job. Returns the error to throw.
 */
async function failProcessing(run: ProcessRun, ctx: JobContext, journalId: number, err: unknown): Promise<Error> {
  const { lib, track, current } = run;
  const recordingId = run.rec.id;
  const cancelled = ctx.signal.aborted || (err instanceof CancelledError && !run.signal.aborted);
  // One sentence however the disk filled up (FFmpeg's exit, our write, the catalog's commit).
  const message = isDiskFull(err) ? DISK_FULL : errorMessage(err);
  if (!cancelled) track.set(current, { status: 'failed', reason: message });
  for (const s of STAGES) {
    if (track.stages[s].status === 'pending' || track.stages[s].status === 'running') track.set(s, { status: 'skipped', reason: cancelled ? 'cancelled' : 'not run: an earlier stage failed' });
  }
  await undoJob(run, journalId, cancelled ? null : `Processing failed (${current}): ${message}`, cancelled).catch((e: unknown) =>
    lib.log.error('could not undo a processing job', { recordingId, error: String(e) }),
  );
  lib.events.emit('library:changed', { reason: cancelled ? 'processing-cancelled' : 'processing-failed', recordingIds: [recordingId] });
  if (cancelled) return new CancelledError();
  return (err instanceof FfmpegError || err instanceof ProcessError) && message === errorMessage(err) ? err : new ProcessError(message);
}

/**
 * The journal undone. On a disk another program filled, the catalog has no room to record the
 * undo (nor, after it, the job's failure, which would then read "interrupted"): the job's outputs
 * not moved in yet are dropped first, giving back the room this run took. The undo never reads
 * them, and a second undo of what the first did is a no-op.
 */
async function undoJob(run: ProcessRun, journalId: number, reason: string | null, keepReason: boolean): Promise<void> {
  try {
    await finishJournal(run.lib, journalId, reason, keepReason);
  } catch (err) {
    if (!isDiskFull(err)) throw err;
    run.lib.log.warn('the disk is full: the job\'s unfinished outputs are dropped to record its undo', { recordingId: run.rec.id });
    await fs.rm(path.join(run.tempAbs, 'out'), { recursive: true, force: true });
    await finishJournal(run.lib, journalId, reason, keepReason);
  }
}
