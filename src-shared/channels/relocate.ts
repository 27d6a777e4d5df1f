import { z } from 'zod';
import { channel } from '../channel';

export const relocateChannels = {
  /**
   * Moves the open library to `to` (a job: progress, ETA, cancel). `to` is where files are
   * written; the core checks it (absolute, outside the library, empty or this move's own
   * unfinished copy, room) before the job starts. The old copy is removed only after every file is
   * verified and the app has switched, and only what this move copied; `keepOld` keeps it all.
   */
  'relocate:start': channel(
    z.object({
      to: z.string().trim().min(1).max(4096),
      keepOld: z.boolean().default(false),
    }),
  ).returns<{ jobId: number }>(),
};
