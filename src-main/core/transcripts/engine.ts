/**
 * One interface for every speech-to-text engine. An engine turns an audio file (our audio.mp3:
 * mono, 16 kHz, already on the kept timeline) into segments of words with times in seconds of
 * that file. It reports progress in seconds of audio done, so the stage above can show
 * ×real-time and an ETA without knowing how the engine works, and it stops at once when its
 * signal aborts: child processes die with their whole group and the scratch folder is removed
 * before the promise settles.
 */

export interface TranscriptWord {
  start: number;
  end: number;
  word: string;
  /**
   * How sure the engine is of this word, 0..1; absent when the engine gives no such number
   * (an imported SRT, or a binding that does not expose token probabilities).
   */
  p?: number;
}

export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
  words: TranscriptWord[];
}

export interface TranscriptionResult {
  /** ISO 639-1 code of the language the engine transcribed (detected or the one asked for). */
  language: string;
  segments: TranscriptSegment[];
}

export interface TranscribeProgress {
  /** Seconds of audio transcribed so far (monotonic). */
  doneSec: number;
  /** Length of the audio, when known (from the caller or from the decoder). */
  totalSec: number | null;
}

export interface TranscribeOptions {
  /** ISO 639-1 code, or 'auto' / undefined to let the engine detect it where it can. */
  language?: string;
  signal?: AbortSignal;
  onProgress?: (p: TranscribeProgress) => void;
  /**
   * Folder for scratch files (the job's temp/<uid>/<job-id>/ in a library). A private folder is
   * made inside it and removed before transcribe() settles. Defaults to the OS temp folder.
   */
  tempDir?: string;
  /** The audio's length if the caller knows it (catalog); otherwise read from the decoder. */
  durationSec?: number;
}

export type Availability =
  | { ok: true; engine: string; model: string | null; detail: string }
  | { ok: false; engine: string; reason: string; howToFix: string };

export interface TranscriptionEngine {
  /** Stable name used in settings, the CLI (`--engine`) and master.json's "engine". */
  readonly name: string;
  /** The model this instance uses (master.json's "model"), or null when the engine has one only. */
  readonly model: string | null;
  /** ISO 639-1 codes this instance can transcribe; 'auto' is accepted where detection works. */
  languages(): readonly string[];
  /** Whether this engine can run here, and if not why and what to do: never throws. */
  available(): Promise<Availability>;
  transcribe(audioFile: string, opts?: TranscribeOptions): Promise<TranscriptionResult>;
}

export type TranscriptionErrorCode =
  /** The engine, its model or a tool it needs is missing. */
  | 'UNAVAILABLE'
  /** The engine does not offer the language that was asked for. */
  | 'LANGUAGE'
  /** The audio could not be read (missing, empty, damaged, not audio). */
  | 'BAD_AUDIO'
  /** The model file exists but is not a usable model. */
  | 'BAD_MODEL'
  /** The engine itself failed while transcribing. */
  | 'ENGINE_FAILED';

export class TranscriptionError extends Error {
  override name = 'TranscriptionError';
  constructor(
    message: string,
    readonly code: TranscriptionErrorCode,
    /** What a person can do about it, when there is something. */
    readonly howToFix?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Thrown on cancel when the signal carries no reason of its own; the job queue's reason wins. */
export class TranscriptionCancelled extends Error {
  override name = 'CancelledError';
  constructor() {
    super('cancelled');
  }
}

/** The error to throw once `signal` has aborted: the signal's own reason when it is an Error. */
export function cancelReason(signal: AbortSignal | undefined): Error {
  const r: unknown = signal?.reason;
  return r instanceof Error && r.name !== 'AbortError' ? r : new TranscriptionCancelled();
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelReason(signal);
}

/**
 * Turns progress events into ×real-time and an ETA for the stage: speed is audio seconds per
 * wall second since the start (so a pause in reporting does not fake a burst).
 */
export function progressMeter(now: () => number = () => performance.now()): (p: TranscribeProgress) => { realtimeFactor: number | null; etaSec: number | null; fraction: number | null } {
  const t0 = now();
  return (p) => {
    const wall = (now() - t0) / 1000;
    const realtimeFactor = wall > 0 && p.doneSec > 0 ? p.doneSec / wall : null;
    const fraction = p.totalSec && p.totalSec > 0 ? Math.min(1, p.doneSec / p.totalSec) : null;
    const etaSec = realtimeFactor && p.totalSec !== null ? Math.max(0, (p.totalSec - p.doneSec) / realtimeFactor) : null;
    return { realtimeFactor, etaSec, fraction };
  };
}
