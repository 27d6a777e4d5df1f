/**
 * Transcription as a processing stage: one job per recording that hears the recording's audio
 * (audio.mp3, made by processing on the kept timeline) with an engine, and writes
 * transcription/master.json plus subtitles.srt/.vtt made from it.
 *
 * Times are seconds of the KEPT video (DESIGN §6a), which is audio.mp3's own timeline, so the
 * engine's times are stored as they are. A recording that was never processed has no kept video
 * yet; it is refused with the command that processes it (transcribing the source would give times
 * that a later trim silently invalidates).
 *
 * Crash safety is processing's: the same journal (op 'process', outputs/commit.ts), so the one
 * recover() undoes a killed transcription. Everything is written in the job's temp folder, fsynced
 * and read back (master.json parsed again, subtitles opened by ffprobe), then moved in; the file
 * rows, the ledger and the search index of the new master.json are committed in ONE transaction.
 * Killed before it: the new files are removed, a previous master.json comes back. A transcript a
 * person attached (or the old system left) is never replaced unless `force` is given.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { StageInfo } from '@shared/jobs';
import { errorMessage } from '@shared/errors';
import type { Library } from '@core/catalog/library';
import { getFileRow } from '@core/catalog/repositories/files/ledger';
import { audioFileOf, fileAtPath, filesOfRecording, transcriptPathsOf } from '@core/catalog/repositories/files/processing';
import { processingRecording } from '@core/catalog/repositories/recordings/processing';
import { transcriptSource } from '@core/catalog/repositories/transcripts';
import { CancelledError, type JobContext } from '@core/jobs/queue';
import { beginJournal, commitOutputs, finishJournal, type NewOutput, type ProcessJournal } from '@core/outputs/commit';
import { faultPoint } from '@core/storage/faults';
import { atomicWrite } from '@core/storage/fsops';
import { verifyOutput } from '@core/tools/verify-output';
import { progressMeter, type TranscriptionEngine } from './engine';
import { buildMaster, parseMaster, serializeMaster } from './master';
import { indexTranscriptFile } from './search';
import { NO_SPEECH_HEARD, subtitleFiles, subtitlesOf } from './subtitles-of';
import { SOURCE_MASTER } from './timeline';

export const TRANSCRIBE_STAGE = 'transcribe';

export class TranscribeError extends Error {
  override name = 'TranscribeError';
}

export interface TranscribeOutcome {
  id: number;
  engine: string;
  model: string | null;
  language: string;
  segments: number;
  words: number;
  /** Length of the audio heard, in seconds. */
  seconds: number;
  /** Seconds of audio per second of work. */
  realtimeFactor: number | null;
  /** Library-relative path of the master.json written. */
  path: string;
}

export interface TranscribeStageOptions {
  engine: TranscriptionEngine;
  /** 'auto' or ISO 639-1. */
  language?: string;
  /** Replace a master.json that is not our engine's (attached, migrated). */
  force?: boolean;
  /** ffprobe, to open the subtitles written (as processing does); left out, they are parsed back instead. */
  ffprobe?: string;
}

const TRANSCRIBABLE = new Set(['processed', 'needs_review']);

export function initialTranscribeStages(): Record<string, StageInfo> {
  return { [TRANSCRIBE_STAGE]: { status: 'pending' } };
}

/** What stands in the way of transcribing a recording, in a sentence with what to do; null when nothing. */
export function transcribeBlocker(lib: Library, recordingId: number, force: boolean): string | null {
  const rec = processingRecording(lib.sqlite, recordingId);
  if (!rec) return `there is no recording #${recordingId}`;
  if (rec.status === 'ready' || rec.status === 'failed') return `it is not processed yet, so its kept video is not known: run \`reclib process ${recordingId}\` first`;
  if (!TRANSCRIBABLE.has(rec.status)) return `it is ${rec.status.replace('_', ' ')}`;
  const audio = audioFileOf(lib.sqlite, recordingId);
  if (!audio) return 'it has no audio (audio.mp3): a recording without sound cannot be transcribed';
  if (!force) {
    const masterRel = lib.paths.transcriptFile(rec.profileId, recordingId, 'master.json');
    const row = fileAtPath(lib.sqlite, masterRel);
    if (row) {
      const origin = transcriptSource(lib.sqlite, row.id)?.origin ?? 'attached';
      if (origin !== 'engine') {
        return `it already has a transcript that was ${origin === 'migrated' ? 'brought over from the old library' : 'attached'} (transcription/master.json), which is kept: use --force to replace it`;
      }
    }
  }
  return null;
}

export async function transcribeRecording(lib: Library, recordingId: number, ctx: JobContext, opts: TranscribeStageOptions): Promise<TranscribeOutcome> {
  const blocker = transcribeBlocker(lib, recordingId, opts.force === true);
  if (blocker) throw new TranscribeError(`Recording #${recordingId} cannot be transcribed: ${blocker}.`);
  const rec = processingRecording(lib.sqlite, recordingId)!;
  const audioRel = audioFileOf(lib.sqlite, recordingId)!;
  const keptSec = rec.keptStartMs !== null && rec.keptEndMs !== null ? (rec.keptEndMs - rec.keptStartMs) / 1000 : rec.durationMs ? rec.durationMs / 1000 : null;
  const engine = opts.engine;

  const tempRel = lib.paths.tempDir(rec.profileId, String(ctx.id));
  const tempAbs = lib.paths.abs(tempRel);
  const journal: ProcessJournal = { recordingId, profileId: rec.profileId, jobId: ctx.id, prevStatus: rec.status, prevReason: rec.statusReason, tempDir: tempRel };
  const journalId = beginJournal(lib, journal);
  lib.events.emit('library:changed', { reason: 'processing', recordingIds: [recordingId] });
  let stage: StageInfo = { status: 'running', engine: engine.name, model: engine.model };
  ctx.stage(TRANSCRIBE_STAGE, stage);
  const started = performance.now();
  try {
    await fs.mkdir(path.join(tempAbs, 'out'), { recursive: true });
    faultPoint('transcribe:started');
    const meter = progressMeter();
    let lastStage = 0;
    let audioSec = keptSec ?? 0;
    const result = await engine.transcribe(lib.paths.abs(audioRel), {
      language: opts.language,
      signal: ctx.signal,
      tempDir: tempAbs,
      durationSec: keptSec ?? undefined,
      onProgress: (p) => {
        const m = meter(p);
        if (p.totalSec) audioSec = p.totalSec;
        const speed = m.realtimeFactor !== null ? ` at ×${m.realtimeFactor.toFixed(1)} real time` : '';
        ctx.progress({ fraction: m.fraction ?? undefined, etaSec: m.etaSec, done: 0, total: 1, current: `Transcribing with ${engine.name}${speed}` });
        if (performance.now() - lastStage > 1000) {
          lastStage = performance.now();
          stage = { ...stage, progress: m.fraction === null ? null : Math.round(m.fraction * 100) / 100, realtimeFactor: m.realtimeFactor, etaSec: m.etaSec };
          ctx.stage(TRANSCRIBE_STAGE, stage);
        }
        faultPoint('transcribe:progress');
      },
    });
    if (ctx.signal.aborted) throw new CancelledError();
    const master = buildMaster(result, { engine: engine.name, model: engine.model });
    const text = serializeMaster(master);
    const out = (name: string) => path.join(tempAbs, 'out', name);
    // Verify what was written is what was meant: read back and parse again.
    await atomicWrite(out('master.json'), text);
    const back = parseMaster(await fs.readFile(out('master.json'), 'utf8')).master;
    if (back.segments.length !== master.segments.length) throw new TranscribeError('The transcript read back from the temporary folder is not the one written (the disk may be failing); nothing was saved.');
    const masterRel = lib.paths.transcriptFile(rec.profileId, recordingId, 'master.json');
    const outputs: NewOutput[] = [{ kind: 'transcript', tempAbs: out('master.json'), destRel: masterRel }];

    // Subtitles from master.json; a subtitles file the person put there (kind transcript) stays theirs.
    const subs = subtitlesOf(master.segments, keptSec);
    const theirs = transcriptPathsOf(lib.sqlite, recordingId);
    for (const [name, body] of subtitleFiles(subs)) {
      const destRel = lib.paths.transcriptFile(rec.profileId, recordingId, name);
      if (theirs.has(destRel)) continue;
      await atomicWrite(out(name), body);
      if (opts.ffprobe) await verifyOutput(opts.ffprobe, out(name), { kind: 'subtitle' }, ctx.signal);
      outputs.push({ kind: 'subtitle', tempAbs: out(name), destRel });
    }
    faultPoint('transcribe:staged');
    // Subtitles of an older layout (subtitles.source.* on the source's timeline) go.
    const produced = new Set(outputs.map((o) => o.destRel as string));
    // So does an attached transcript's source-timeline original: processing would otherwise make
    // master.json again from it, over the engine's.
    const sourceRel = `${lib.paths.transcriptionDir(rec.profileId, recordingId)}/${SOURCE_MASTER}`;
    const remove = filesOfRecording(lib.sqlite, recordingId).filter((f) => (f.kind === 'subtitle' || f.relPath === sourceRel) && !produced.has(f.relPath));
    const words = master.segments.reduce((n, s) => n + s.words.length, 0);
    await commitOutputs(lib, journalId, journal, outputs, remove, {
      status: rec.status as 'processed',
      statusReason: rec.statusReason,
      keptStartMs: rec.keptStartMs,
      keptEndMs: rec.keptEndMs,
      onCommit: (ids) => {
        const fileId = ids.get(masterRel)!;
        const hash = getFileRow(lib.sqlite, fileId)!.hash;
        indexTranscriptFile(lib.sqlite, { fileId, recordingId, relPath: masterRel, hash, origin: 'engine' }, { text });
      },
    });
    await finishJournal(lib, journalId, null);
    const wall = (performance.now() - started) / 1000;
    const outcome: TranscribeOutcome = {
      id: recordingId,
      engine: engine.name,
      model: engine.model,
      language: master.language,
      segments: master.segments.length,
      words,
      seconds: Math.round(audioSec * 1000) / 1000,
      realtimeFactor: wall > 0 && audioSec > 0 ? Math.round((audioSec / wall) * 100) / 100 : null,
      path: masterRel,
    };
    const noSpeech = subs.cues === 0 ? { reason: NO_SPEECH_HEARD } : {};
    ctx.stage(TRANSCRIBE_STAGE, { status: 'done', engine: engine.name, model: engine.model, language: outcome.language, segments: outcome.segments, words, realtimeFactor: outcome.realtimeFactor, ...noSpeech });
    ctx.summary({ ...outcome });
    lib.events.emit('library:changed', { reason: 'transcribed', recordingIds: [recordingId] });
    return outcome;
  } catch (err) {
    const cancelled = ctx.signal.aborted;
    ctx.stage(TRANSCRIBE_STAGE, cancelled ? { status: 'skipped', reason: 'cancelled' } : { status: 'failed', reason: errorMessage(err) });
    // A failed transcription leaves the recording as it was (processed, its old transcript intact).
    await finishJournal(lib, journalId, null, true).catch((e: unknown) => lib.log.error('could not undo a transcription job', { recordingId, error: errorMessage(e) }));
    lib.events.emit('library:changed', { reason: cancelled ? 'processing-cancelled' : 'processing-failed', recordingIds: [recordingId] });
    if (cancelled) throw new CancelledError();
    throw err;
  }
}
