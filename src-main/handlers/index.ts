import type { ChannelName } from '@shared/contract';
import { exportHandlers } from './export';
import { expiryHandlers } from './expiry';
import { importHandlers } from './import';
import { inboxHandlers } from './inbox';
import { integrityHandlers } from './integrity';
import { libraryHandlers } from './library';
import { processingHandlers } from './processing';
import { migrateHandlers } from './migrate';
import { modelHandlers } from './models';
import { recordingHandlers } from './recordings';
import { relocateHandlers } from './relocate';
import { templateHandlers } from './templates';
import { transcriptHandlers } from './transcripts';
import type { HandlerGroup } from './types';

/** One handler per contract channel; the type makes a missing one a compile error. */
export const handlers: HandlerGroup<ChannelName> = {
  ...libraryHandlers,
  ...recordingHandlers,
  ...importHandlers,
  ...templateHandlers,
  ...integrityHandlers,
  ...processingHandlers,
  ...migrateHandlers,
  ...transcriptHandlers,
  ...exportHandlers,
  ...expiryHandlers,
  ...modelHandlers,
  ...inboxHandlers,
  ...relocateHandlers,
};
