import { z } from 'zod';
import { channel } from '../channel';
import type { LibraryInfo, LibraryStatus, ProfileInfo } from '../domain';
import { type AppSettings, type LibrarySettings, LOG_LEVELS, uiSettingsPatchSchema } from '../settings';

export const libraryChannels = {
  'library:info': channel(z.object({})).returns<LibraryInfo>(),
  /** Opens an existing library; a folder without a catalog is refused, never made into one. */
  'library:open': channel(z.object({ root: z.string().min(1) })).returns<LibraryInfo>(),
  /** The open library, or why none is open (the renderer shows "Library not found" then). */
  'library:status': channel(z.object({})).returns<LibraryStatus>(),
  /** Tries the library that could not be opened again; never creates it. */
  'library:retry': channel(z.object({})).returns<LibraryStatus>(),
  /** Creates a new library at root (or opens the one there). Only on a person's explicit request. */
  'library:create': channel(z.object({ root: z.string().min(1), confirm: z.literal(true) })).returns<LibraryStatus>(),
  /** A native folder/file picker; null when cancelled or when the host has none (web harness). */
  'dialog:pick': channel(z.object({ kind: z.enum(['folder', 'files']), title: z.string().max(200).optional() })).returns<{
    paths: string[] | null;
  }>(),
  'settings:get': channel(z.object({})).returns<LibrarySettings>(),
  'app:settings': channel(z.object({})).returns<AppSettings>(),
  /** The log level, and the UI settings that travel with the person (language, theme, layout; a patch). */
  'app:updateSettings': channel(z.object({ logLevel: z.enum(LOG_LEVELS).optional(), ui: uiSettingsPatchSchema().optional() })).returns<AppSettings>(),
  'profiles:list': channel(z.object({})).returns<ProfileInfo[]>(),
  'profiles:save': channel(
    z.object({
      id: z.number().int().positive().nullable().default(null),
      name: z.string().trim().min(1).max(120),
      quotaBytes: z.number().int().min(0).nullable().default(null),
      retentionDays: z.number().int().min(0).max(3650).nullable().default(null),
    }),
  ).returns<ProfileInfo>(),
  'settings:update': channel(z.object({ patch: z.record(z.string(), z.unknown()) })).returns<LibrarySettings>(),
};
