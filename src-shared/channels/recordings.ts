import { z } from 'zod';
import { channel } from '../channel';
import { DESCRIPTION_MAX, type RecordingMetadata, TAG_MAX, type TagReport } from '../metadata';
import { type AttachResult, type RecordingDetail, type RecordingQueryResult, RECORDING_STATUSES, SORT_KEYS, type StorageInfo } from '../domain';

export const Id = z.number().int().positive();

export const recordingQuerySchema = z.object({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(200),
  search: z.string().max(500).default(''),
  sort: z.enum(SORT_KEYS).default('date'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  status: z.enum(RECORDING_STATUSES).nullable().default(null),
  profileId: Id.nullable().default(null),
  templateId: Id.nullable().default(null),
  /** Only recordings that expire within this many days from now (those past their date too); null: any. */
  expiringWithinDays: z.number().int().min(1).max(36_500).nullable().default(null),
});
export type RecordingQuery = z.infer<typeof recordingQuerySchema>;

export const recordingChannels = {
  'recordings:query': channel(recordingQuerySchema).returns<RecordingQueryResult>(),
  'recordings:get': channel(z.object({ id: Id })).returns<RecordingDetail>(),
  'recordings:rename': channel(z.object({ id: Id, displayName: z.string().trim().min(1).max(500) })).returns<RecordingDetail>(),
  'recordings:reveal': channel(z.object({ id: Id })).returns<{ revealed: boolean }>(),
  'storage:get': channel(z.object({})).returns<StorageInfo>(),
  /** Drops recordings whose files are gone from the catalog, for good (audited). Present files: refused. */
  'recordings:forget': channel(z.object({ ids: z.array(Id).min(1).max(10_000) })).returns<{ forgotten: number[]; skipped: { id: number; reason: string }[] }>(),
  /** Copies a transcript (.json) or subtitles (.srt/.vtt) into a recording's transcription/ folder and registers it. */
  /** Sets a recording's description; blank or null clears it. */
  'recordings:describe': channel(z.object({ id: Id, description: z.string().max(DESCRIPTION_MAX).nullable() })).returns<RecordingMetadata>(),
  /** Adds and removes tags on many recordings at once (a tag differing only in case is the same tag). */
  'recordings:tag': channel(
    z
      .object({
        ids: z.array(Id).min(1).max(100_000),
        add: z.array(z.string().trim().min(1).max(TAG_MAX * 4)).max(100).default([]),
        remove: z.array(z.string().trim().min(1).max(TAG_MAX * 4)).max(100).default([]),
      })
      .refine((r) => r.add.length + r.remove.length > 0, { message: 'nothing to add or remove' }),
  ).returns<TagReport>(),
  'recordings:attach': channel(z.object({ id: Id, path: z.string().min(1).max(4096) })).returns<AttachResult>(),
};
