/**
 * "Transcribe after processing", apart from the transcription service: the engines (and the
 * modules they load) are imported only once a recording is to be transcribed, so a `reclib
 * process` that transcribes nothing never loads them while its FFmpeg commands need the cores.
 */
import { errorMessage } from '@shared/errors';
import type { Library } from '../catalog/library';
import type { JobQueue } from '../jobs/queue';
import { effectiveProcessing } from '../templates/processing';
import type { EngineContext } from '../transcripts/engines';

/**
 * Once each processing job of `done` ends with the recording processed, and the recording's
 * template (else the library) says to, its transcription is queued with the library's engine,
 * model and language. Resolves when those transcriptions have ended (the CLI waits for it; the app
 * does not). A transcription that cannot start (no engine, no model, a person's transcript already
 * there) is said through `note` and logged; it never fails the processing.
 */
export function transcribeAfterProcessing(
  lib: Library,
  queue: JobQueue,
  engineCtx: EngineContext & { ffprobe?: string },
  done: ReadonlyMap<number, Promise<{ status: string }>>,
  note: (line: string) => void = () => undefined,
): Promise<void> {
  const each = [...done.entries()].map(async ([id, processing]) => {
    const outcome = await processing.catch(() => null);
    if (!outcome || (outcome.status !== 'processed' && outcome.status !== 'needs_review')) return;
    // Asked after processing: the recording's template may have changed meanwhile, and its word wins.
    if (!effectiveProcessing(lib, id).values.autoTranscribe) return;
    const [{ startTranscription }, { TranscriptionError }] = await Promise.all([import('./transcription'), import('../transcripts/engine')]);
    try {
      const res = await startTranscription(lib, queue, engineCtx, { ids: [id] });
      for (const s of res.skipped) note(`#${s.id}: not transcribed after processing: ${s.reason}`);
      await Promise.allSettled(res.done.values());
    } catch (err) {
      const why = err instanceof TranscriptionError && err.howToFix ? `${err.message} ${err.howToFix}` : errorMessage(err);
      note(`#${id}: not transcribed after processing: ${why}`);
      lib.log.warn('transcription after processing did not start', { recordingId: id, error: why });
    }
  });
  return Promise.allSettled(each).then(() => undefined);
}
