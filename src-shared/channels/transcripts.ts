import { z } from 'zod';
import { channel } from '../channel';
import type { AttachResult } from '../domain';
import { Id } from './recordings';

/** A search hit: a transcript segment (times in seconds of the kept video), or the recording's name (start/end null). */
export interface TranscriptHit {
  id: number;
  name: string;
  start: number | null;
  end: number | null;
  text: string;
}

export interface TranscriptSegmentView {
  start: number;
  end: number;
  text: string;
}

/** A recording's transcript for the panel beside the player: master.json's segments, else an attached subtitles file's. */
export interface TranscriptView {
  id: number;
  source: { path: string; origin: 'engine' | 'attached' | 'migrated'; engine: string | null; model: string | null; language: string | null } | null;
  segments: TranscriptSegmentView[];
}

export interface TranscribeStartResult {
  jobs: { id: number; jobId: number }[];
  skipped: { id: number; reason: string }[];
  engine: string;
  model: string | null;
  language: string;
}

export const transcriptChannels = {
  /** Recordings by name or by what was said in them. */
  'transcript:search': channel(z.object({ text: z.string().trim().min(1).max(500), limit: z.number().int().min(1).max(1000).default(50) })).returns<TranscriptHit[]>(),
  /** The segments of a recording's transcript (empty, source null, when it has none). */
  'transcript:get': channel(z.object({ id: Id })).returns<TranscriptView>(),
  /**
   * Attaches a transcript the host can read (a path from the native file dialog, or the staged
   * copy of a browser upload): a .srt/.vtt or master JSON becomes transcription/master.json with
   * subtitles, searchable at once. The file is read, never moved or deleted. `timeline`: what its
   * times refer to, the source recording (default) or the processed (trimmed) video.
   */
  'transcript:attach': channel(z.object({ id: Id, path: z.string().min(1).max(4096), timeline: z.enum(['source', 'processed']).optional() })).returns<{ attached: AttachResult; transcript: TranscriptView }>(),
  /** Queues transcription jobs (kind 'process', stage 'transcribe'); engine, model and language default to the library's settings. */
  'transcript:start': channel(
    z.object({
      ids: z.array(Id).min(1).max(10_000),
      engine: z.enum(['whisper', 'pocketsphinx']).optional(),
      model: z.string().min(1).max(64).optional(),
      language: z.string().regex(/^(auto|[a-z]{2,3})$/).optional(),
      force: z.boolean().default(false),
    }),
  ).returns<TranscribeStartResult>(),
};
