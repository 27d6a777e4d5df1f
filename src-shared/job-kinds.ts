/**
 * What each kind of job is started with (its payload), as zod schemas. The queue stores a job's
 * payload with it (jobs.payload), so an interrupted, failed or cancelled job can be started again
 * through one path (`jobs:retry`) whatever its kind: the payload is read back and checked against
 * its kind's schema here before anything runs. Kept apart from jobs.ts (types only) so what the
 * preload imports does not pull in zod.
 */
import { z } from 'zod';
import { CLEANUP_KINDS } from './channels/integrity';
import type { JobKind } from './jobs';

export { isResumable, RESUMABLE_KINDS, type ResumableKind } from './jobs';

const Id = z.number().int().positive();

export const jobPayloadSchemas = {
  import: z.object({
    paths: z.array(z.string().min(1)).min(1),
    move: z.boolean(),
    profileId: Id,
    force: z.boolean(),
  }),
  /** Processing of one recording, or (with `transcribe`) its transcription: both are 'process' jobs. */
  process: z.object({
    recordingId: Id,
    transcribe: z.object({ engine: z.string(), model: z.string().nullable(), language: z.string(), force: z.boolean() }).optional(),
  }),
  scan: z.object({ apply: z.boolean() }),
  /** Cleanup of kinds (a person's or a schedule's), or purge of trashed recordings ("Empty the trash"). */
  cleanup: z.object({ kinds: z.array(z.enum(CLEANUP_KINDS)).optional(), purge: z.array(Id).optional(), scheduled: z.boolean().optional() }),
  migrate: z.object({ action: z.enum(['plan', 'apply', 'undo']), mediaDir: z.string().optional(), runId: z.string().optional() }),
  export: z.object({ ids: z.array(Id).min(1), to: z.string().min(1), source: z.boolean() }),
  relocate: z.object({ to: z.string().min(1), keepOld: z.boolean(), resumed: z.boolean().optional() }),
} satisfies Record<JobKind, z.ZodType>;

export type JobPayloads = { [K in JobKind]: z.output<(typeof jobPayloadSchemas)[K]> };
export type JobPayload<K extends JobKind> = JobPayloads[K];

/** The stored payload of a job of `kind`, checked; null when there is none or it no longer fits. */
export function parseJobPayload<K extends JobKind>(kind: K, stored: unknown): JobPayload<K> | null {
  const parsed = jobPayloadSchemas[kind].safeParse(stored);
  return parsed.success ? (parsed.data as JobPayload<K>) : null;
}
