import { z } from 'zod';
import { channel } from '../channel';
import type { ExpiryReport } from '../expiry';
import { Id } from './recordings';

export const expiryChannels = {
  /** When recordings expire: a time, never, or as their profile says. Nothing is removed here. */
  'recordings:setExpiry': channel(
    z.object({
      ids: z.array(Id).min(1).max(100_000),
      expiry: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('at'), at: z.iso.datetime({ offset: true }) }),
        z.object({ kind: z.literal('never') }),
        z.object({ kind: z.literal('profile') }),
      ]),
    }),
  ).returns<ExpiryReport>(),
};
