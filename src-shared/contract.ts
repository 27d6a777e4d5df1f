/**
 * The IPC contract: every channel the renderer may call (a zod request schema and a response
 * type) and every event main may send. Main validates against it, the preload exposes exactly
 * its channels, and the renderer's client is typed from it; the web harness serves the same.
 */
import type { z } from 'zod';
import type { ChannelDef } from './channel';
import { exportChannels } from './channels/export';
import { expiryChannels } from './channels/expiry';
import { importChannels } from './channels/import';
import { inboxChannels } from './channels/inbox';
import { integrityChannels } from './channels/integrity';
import { libraryChannels } from './channels/library';
import { processingChannels } from './channels/processing';
import { migrateChannels } from './channels/migrate';
import { modelChannels } from './channels/models';
import { recordingChannels } from './channels/recordings';
import { relocateChannels } from './channels/relocate';
import { templateChannels } from './channels/templates';
import { transcriptChannels } from './channels/transcripts';
import type { LibraryState } from './domain';
import type { JobInfo } from './jobs';

export const channels = {
  ...libraryChannels,
  ...recordingChannels,
  ...importChannels,
  ...templateChannels,
  ...integrityChannels,
  ...processingChannels,
  ...migrateChannels,
  ...transcriptChannels,
  ...exportChannels,
  ...expiryChannels,
  ...modelChannels,
  ...inboxChannels,
  ...relocateChannels,
} satisfies Record<string, ChannelDef<z.ZodType, unknown>>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

export type RequestOf<C extends ChannelName> = z.input<Channels[C]['request']>;
export type ParsedRequestOf<C extends ChannelName> = z.output<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = Channels[C] extends ChannelDef<z.ZodType, infer Res> ? Res : never;

export interface Events {
  'job:progress': JobInfo;
  'library:changed': { reason: string; recordingIds?: number[] };
  /** The library's files went unavailable (offline/degraded, with the reason) or came back. */
  'library:state': { state: LibraryState; root: string; reason?: string | null };
}
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E];
export const EVENT_NAMES: EventName[] = ['job:progress', 'library:changed', 'library:state'];

/** The typed API object the renderer sees, one method per channel. */
export type ReclibApi = { [C in ChannelName]: (request: RequestOf<C>) => Promise<ResponseOf<C>> };

export type MediaKind = 'source' | 'video' | 'audio' | 'poster' | 'thumbnail' | 'subtitles';
/** Paths the media route serves: a recording's media, or a template's thumbnail (template/<id>/thumbnail). */
export type MediaRouteKind = MediaKind | 'template-thumbnail';
