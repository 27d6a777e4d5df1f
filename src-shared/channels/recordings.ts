import { z } from 'zod';
import { channel } from '../channel';
import { type RecordingDetail, type RecordingQueryResult, RECORDING_STATUSES, SORT_KEYS, type StorageInfo } from '../domain';

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
});
export type RecordingQuery = z.infer<typeof recordingQuerySchema>;

export const recordingChannels = {
  'recordings:query': channel(recordingQuerySchema).returns<RecordingQueryResult>(),
  'recordings:get': channel(z.object({ id: Id })).returns<RecordingDetail>(),
  'recordings:rename': channel(z.object({ id: Id, displayName: z.string().trim().min(1).max(500) })).returns<RecordingDetail>(),
  'recordings:reveal': channel(z.object({ id: Id })).returns<{ revealed: boolean }>(),
  'storage:get': channel(z.object({})).returns<StorageInfo>(),
};
