import type { ChannelName } from '../../src-shared/contract';
import { importHandlers } from './import';
import { libraryHandlers } from './library';
import { migrateHandlers } from './migrate';
import { recordingHandlers } from './recordings';
import type { HandlerGroup } from './types';

/** One handler per contract channel; the type makes a missing one a compile error. */
export const handlers: HandlerGroup<ChannelName> = {
  ...libraryHandlers,
  ...recordingHandlers,
  ...importHandlers,
  ...migrateHandlers,
};
