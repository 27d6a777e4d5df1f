import { z } from 'zod';
import { channel } from '../channel';
import { Id } from './recordings';

export const exportChannels = {
  /**
   * Copies recordings out of the library into a folder the person chose (a job: progress, cancel;
   * its summary is the ExportReport). Only reads the library; writes only into `to`.
   */
  'export:start': channel(
    z.object({
      ids: z.array(Id).min(1).max(10_000),
      to: z.string().min(1),
      source: z.boolean().default(false),
    }),
  ).returns<{ jobId: number }>(),
};
