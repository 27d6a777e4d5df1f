import { z } from 'zod';
import { channel } from '../channel';
import type { LibraryInfo } from '../domain';
import type { LibrarySettings } from '../settings';

export const libraryChannels = {
  'library:info': channel(z.object({})).returns<LibraryInfo>(),
  'library:open': channel(z.object({ root: z.string().min(1) })).returns<LibraryInfo>(),
  /** A native folder/file picker; null when cancelled or when the host has none (web harness). */
  'dialog:pick': channel(z.object({ kind: z.enum(['folder', 'files']), title: z.string().max(200).optional() })).returns<{
    paths: string[] | null;
  }>(),
  'settings:get': channel(z.object({})).returns<LibrarySettings>(),
  'settings:update': channel(z.object({ patch: z.record(z.string(), z.unknown()) })).returns<LibrarySettings>(),
};
