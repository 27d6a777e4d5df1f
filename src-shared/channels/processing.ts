import { z } from 'zod';
import { channel } from '../channel';
import { Id } from './recordings';

/** The FFmpeg self-test: ok, or a problem and its fix in plain words. */
export interface MediaStatus {
  ok: boolean;
  ffmpeg: string | null;
  ffprobe: string | null;
  version: string | null;
  problem: string | null;
  fix: string | null;
}

export interface ProcessStartResult {
  /** One job per recording that was queued. */
  jobs: { id: number; jobId: number }[];
  /** Recordings not queued, with the reason (already processing, in trash, ...). */
  skipped: { id: number; reason: string }[];
}

export const processingChannels = {
  /** Queues processing of the given recordings, or of every new (ready, never processed) one. */
  'process:start': channel(
    z
      .object({ ids: z.array(Id).max(100_000).optional(), allNew: z.boolean().optional() })
      .refine((r) => (r.ids?.length ?? 0) > 0 || r.allNew === true, { message: 'give ids or allNew: true' }),
  ).returns<ProcessStartResult>(),
  'media:status': channel(z.object({ refresh: z.boolean().default(false) })).returns<MediaStatus>(),
};
