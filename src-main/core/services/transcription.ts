/**
 * Queues transcription: one job per recording (kind 'process': it is a processing stage, so a
 * recording is never processed and transcribed at once), with the engine, model and language
 * from the request, else from the library's settings. The engine is checked once, up front: a
 * missing engine or model is refused with what to do, before anything is queued.
 */
import type { Library } from '../catalog/library';
import type { JobQueue } from '../jobs/queue';
import { recordingNameAndStatus } from '@core/catalog/repositories/recordings/jobs';
import { createEngine, type EngineContext, isEngineName, ENGINE_NAMES } from '../transcripts/engines';
import { TranscriptionError } from '../transcripts/engine';
import { initialTranscribeStages, transcribeBlocker, type TranscribeOutcome, transcribeRecording } from '../transcripts/stage';

export interface TranscribeRequest {
  ids: number[];
  engine?: string;
  model?: string;
  language?: string;
  force?: boolean;
}

export interface TranscriptionQueued {
  jobs: { id: number; jobId: number }[];
  skipped: { id: number; reason: string }[];
  done: Map<number, Promise<TranscribeOutcome>>;
  engine: string;
  model: string | null;
  language: string;
}


function activeProcessJobs(queue: JobQueue): Map<number, number> {
  const byRecording = new Map<number, number>();
  for (const j of queue.active()) {
    if (j.kind === 'process' && (j.state === 'queued' || j.state === 'running') && j.recordingId !== null) byRecording.set(j.recordingId, j.id);
  }
  return byRecording;
}

export async function startTranscription(lib: Library, queue: JobQueue, engineCtx: EngineContext & { ffprobe?: string }, req: TranscribeRequest): Promise<TranscriptionQueued> {
  const settings = lib.settings().transcription;
  const engineName = req.engine ?? settings.engine;
  if (!isEngineName(engineName)) throw new TranscriptionError(`There is no transcription engine called "${engineName}". The engines are: ${ENGINE_NAMES.join(', ')}.`, 'UNAVAILABLE');
  const model = req.model ?? (engineName === settings.engine ? settings.model ?? undefined : undefined);
  const language = (req.language ?? settings.language).toLowerCase();
  const engine = createEngine(engineName, engineCtx, model);
  const avail = await engine.available();
  if (!avail.ok) throw new TranscriptionError(avail.reason, 'UNAVAILABLE', avail.howToFix);
  if (language !== 'auto' && !engine.languages().includes(language) && !engine.languages().includes('auto')) {
    throw new TranscriptionError(`The ${engineName} engine does not transcribe "${language}"; it offers: ${engine.languages().join(', ')}.`, 'LANGUAGE', 'Choose another language or engine.');
  }
  const active = activeProcessJobs(queue);
  const result: TranscriptionQueued = { jobs: [], skipped: [], done: new Map(), engine: engine.name, model: engine.model, language };
  for (const id of new Set(req.ids)) {
    if (active.has(id)) {
      result.skipped.push({ id, reason: `it is being processed or transcribed (job #${active.get(id)})` });
      continue;
    }
    const why = transcribeBlocker(lib, id, req.force === true);
    if (why) {
      result.skipped.push({ id, reason: why });
      continue;
    }
    const name = recordingNameAndStatus(lib.sqlite, id)?.name ?? `#${id}`;
    const job = queue.enqueue({
      kind: 'process',
      title: `Transcribe "${name}"`,
      recordingId: id,
      stages: initialTranscribeStages(),
      // What it was asked (engine, model, language as resolved now), so a retry transcribes the same way.
      payload: { recordingId: id, transcribe: { engine: engine.name, model: engine.model, language, force: req.force === true } },
      run: (ctx) => transcribeRecording(lib, id, ctx, { engine, language, force: req.force, ffprobe: engineCtx.ffprobe }),
    });
    job.done.catch(() => undefined); // the outcome is in the job's state
    result.jobs.push({ id, jobId: job.id });
    result.done.set(id, job.done);
  }
  return result;
}

