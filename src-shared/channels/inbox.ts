import { z } from 'zod';
import { channel } from '../channel';
import type { InboxFolder, InboxFolderStatus } from '../inbox';
import { Id } from './recordings';
import { INBOX_STABLE_MS } from '../settings-values';

export const inboxChannels = {
  /** The watched folders with their options and state (online/offline), and the stability window. */
  'inbox:list': channel(z.object({})).returns<{ folders: InboxFolderStatus[]; stableMs: number }>(),
  /** Watches a folder (or changes the options of one watched already, by its path). */
  'inbox:add': channel(
    z.object({
      path: z.string().min(1).max(4096),
      move: z.boolean().default(false),
      profileId: Id.default(1),
      process: z.boolean().default(false),
      transcribe: z.boolean().default(false),
    }),
  ).returns<InboxFolder>(),
  /** Stops watching a folder, by its id; no file of it is touched. */
  'inbox:remove': channel(z.object({ id: Id })).returns<{ removed: boolean }>(),
  'inbox:setStableMs': channel(z.object({ stableMs: z.number().int().min(INBOX_STABLE_MS.min).max(INBOX_STABLE_MS.max) })).returns<{ stableMs: number }>(),
};
