import { z } from 'zod';
import { channel } from '../channel';
import type { JobInfo } from '../jobs';
import { Id } from './recordings';

export interface ImportReport {
  /** `warnings`: what was imported but not done as asked, e.g. "original kept: it is a link" after --move. */
  imported: { id: number; source: string; warnings?: string[] }[];
  skipped: { path: string; reason: string }[];
  failed: { path: string; reason: string }[];
}

export const importChannels = {
  'import:start': channel(
    z.object({
      paths: z.array(z.string().min(1)).min(1).max(10_000),
      move: z.boolean().default(false),
      profileId: Id.default(1),
      force: z.boolean().default(false),
    }),
  ).returns<{ jobId: number }>(),
  'jobs:list': channel(z.object({ limit: z.number().int().min(1).max(500).default(50) })).returns<JobInfo[]>(),
  'jobs:get': channel(z.object({ id: Id })).returns<JobInfo>(),
  'jobs:cancel': channel(z.object({ id: Id })).returns<{ cancelled: boolean }>(),
  /** Cancels every job that is running or waiting (the Jobs view's "Cancel all"); answers how many. */
  'jobs:cancelAll': channel(z.object({}).strict()).returns<{ cancelled: number }>(),
  /**
   * Starts an interrupted, failed or cancelled job again from what it was started with (a new job
   * of the same kind: processing, transcription, import, export); answers with the new job's id.
   */
  'jobs:retry': channel(z.object({ jobId: Id })).returns<{ jobId: number }>(),
};
