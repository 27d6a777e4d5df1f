/**
 * Integrity: scanner, watcher health, trash, cleanup (plan/apply), schedule and audit log.
 * The renderer passes recording ids and cleanup kinds, never paths to delete.
 */
import { z } from 'zod';
import { channel } from '../channel';
import type { LibraryState } from '../domain';
import { Id } from './recordings';

export { CLEANUP_KINDS, type CleanupKind } from '../cleanup-kinds';
import { CLEANUP_KINDS, type CleanupKind } from '../cleanup-kinds';

export type CleanupAction = 'remove' | 'trash' | 'purge' | 'quarantine' | 'adopt' | 'mark-missing' | 'remove-row' | 'remove-dir';

export interface CleanupItem {
  kind: CleanupKind;
  /** Relative to the library root; null for items that are recordings. */
  path: string | null;
  /** Recording id; null for items that are paths. */
  id: number | null;
  bytes: number;
  action: CleanupAction;
  /** Why, in words (shown in the list and written to the audit log). */
  reason: string;
  /** Files this item touches (for the safety share). */
  files: number;
}

export interface CleanupPlan {
  items: CleanupItem[];
  totalBytes: number;
  /** Per kind: how many items and bytes. */
  byKind: Record<CleanupKind, { count: number; bytes: number }>;
  /** Share of the library's files, recordings and bytes the run would touch (temp excluded). */
  share: { files: number; recordings: number; bytes: number };
  /** Bytes of library content the run would touch (temp excluded). */
  contentBytes: number;
  /**
   * A mass change: more than settings.cleanup.safetyShare of the files or recordings, or more than
   * 1 GB. Apply refuses it unless given its own consent (--allow-mass-change, or the typed count).
   */
  massChange: boolean;
  /** What makes it a mass change, in words (null when it is not one). */
  massReason: string | null;
  /** Same as massChange (kept for older callers). */
  needsConfirm: boolean;
  state: LibraryState;
  /** Why the library is not online (null when it is); a plan of an unavailable library is empty. */
  stateReason: string | null;
  /** Identifies exactly this list of items; apply can insist on running the list the user saw. */
  digest: string;
}

export interface CleanupResult {
  done: CleanupItem[];
  skipped: { path: string | null; id: number | null; reason: string }[];
  /** Set when nothing was done because the run is a mass change without its own consent. */
  needsConfirm?: boolean;
  /** With needsConfirm: what makes it a mass change. */
  massReason?: string;
  /** Set when nothing was done because the library changed since the dry run that was confirmed. */
  planChanged?: boolean;
}

export interface ScanReport {
  /** Not online: nothing was changed, and `reason` says why. */
  state: LibraryState;
  reason: string | null;
  /** at: where the file is now, when it was moved out of its recording's folder by hand (not followed). */
  missing: { id: number; path: string; at?: string }[];
  /** Every unregistered file in our layout (the unknown ones included). */
  orphans: { path: string; size: number }[];
  /** The unregistered files inside recording folders: a person's own, never moved without asking. */
  unknown: { path: string; size: number }[];
  /** Transcripts and subtitles found in recording folders and registered to their recording (a dry run: would be). */
  attached: { id: number; path: string; size: number }[];
  /** Transcripts and subtitles deleted by hand from a recording folder: their rows went; the recording stays as it is. */
  released: { id: number; path: string }[];
  changed: { id: number; path: string; size: number }[];
  moved: { id: number; from: string; to: string }[];
  /**
   * Recordings on disk the catalog did not know (it was restored from an older backup), registered
   * again under their folder's id; a dry run lists what a scan would adopt (name null until then).
   * `from`: the kept-aside catalog or backup that remembered its name and facts; null: its files alone.
   */
  adopted: { id: number; path: string; name: string | null; files: number; bytes: number; from: string | null }[];
  /**
   * Kept transcripts edited in place (an applied scan): master.json, source.json and the subtitles
   * made from each again, or why not (`problem`; the old transcript stays; an edit that cannot be read is kept as it is and read again when it changes next).
   */
  reread?: { id: number; path: string; problem: string | null }[];
}

export interface WatcherHealth {
  /** watching: live events; fallback: watching failed, periodic scans instead; stopped: not running (offline, closed). */
  mode: 'watching' | 'fallback' | 'starting' | 'stopped';
  watching: boolean;
  watchedPaths: number;
  lastError: { code: string; message: string; fix: string } | null;
  fallbackEveryMin: number | null;
  lastChangeAt: string | null;
}

export interface TrashEntry {
  id: number;
  displayName: string;
  trashedAt: string;
  purgeAt: string;
  bytes: number;
  profileId: number;
}

/** A file a cleanup set aside in trash/<day>/: where it was, and when retention removes it. */
export interface SetAsideEntry {
  /** The file's row id (it belongs to no recording). */
  id: number;
  /** Where it is now, relative to the library root. */
  path: string;
  /** Where it was when the cleanup set it aside. */
  from: string;
  setAsideAt: string | null;
  purgeAt: string | null;
  bytes: number;
  profileId: number;
  /** Audio or video by its name: it can become a recording again. */
  importable: boolean;
}

export const SCHEDULE_KINDS = ['temp', 'expired', 'trash', 'orphans'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export interface ScheduleEntry {
  kind: ScheduleKind;
  /** Off by default except temp and trash retention (settings.schedules.enabled). */
  enabled: boolean;
  everyHours: number;
  lastRun: string | null;
  /** Null when the kind is switched off. */
  nextRun: string | null;
  lastResult: {
    done: number;
    skipped: number;
    bytes: number;
    needsConfirm: boolean;
    error: string | null;
    /** Why a scheduled run did nothing (a mass change waits for a person). */
    refused?: string | null;
  } | null;
}

export interface IntegrityState {
  state: LibraryState;
  reason: string | null;
  root: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  reason: string;
  path: string | null;
  recordingId: number | null;
  bytes: number;
}

/** A long operation answers at once with the job that does it; the job's summary carries its result. */
export interface JobStarted {
  jobId: number;
}

/** The schedule; with `runNow`, also the job that runs that kind now. */
export interface ScheduleAnswer {
  schedule: ScheduleEntry[];
  jobId: number | null;
}

const Kinds = z.array(z.enum(CLEANUP_KINDS)).min(1).default([...CLEANUP_KINDS]);
const Ids = z.array(Id).min(1).max(10_000);

export const integrityChannels = {
  /** A scan job (applied, or a dry run); its summary's `report` is what it found. */
  'scan:run': channel(z.object({ apply: z.boolean().default(true) })).returns<JobStarted>(),
  'watcher:health': channel(z.object({})).returns<WatcherHealth>(),
  'recordings:delete': channel(z.object({ ids: Ids })).returns<{ trashed: number[]; skipped: { id: number; reason: string }[] }>(),
  'recordings:restore': channel(z.object({ ids: Ids })).returns<{ restored: number[]; skipped: { id: number; reason: string }[] }>(),
  'trash:list': channel(z.object({})).returns<TrashEntry[]>(),
  /** A cleanup job; its summary's `result` says what was purged and what was not. */
  'trash:empty': channel(z.object({ ids: z.array(Id).max(10_000).optional() })).returns<JobStarted>(),
  'trash:setAside': channel(z.object({})).returns<SetAsideEntry[]>(),
  /** Imports copies of set-aside media files as recordings (one import job per profile); the files stay in trash/ until retention. */
  'trash:importSetAside': channel(z.object({ ids: Ids })).returns<{ jobIds: number[]; skipped: { id: number; reason: string }[] }>(),
  'cleanup:plan': channel(z.object({ kinds: Kinds })).returns<CleanupPlan>(),
  /**
   * confirm + expectDigest: the person confirmed exactly the dry run they saw. massConfirmation:
   * what they typed when the plan is a mass change (it must be the plan's item count). Answers
   * with a cleanup job; its summary's `result` is the outcome (a refusal of a mass change or of a
   * changed plan included).
   */
  'cleanup:apply': channel(
    z.object({ kinds: Kinds, confirm: z.boolean().default(false), expectDigest: z.string().max(100).optional(), massConfirmation: z.string().max(50).optional() }),
  ).returns<JobStarted>(),
  /** The schedule; `runNow` also starts that kind's run as a job (its record lands in the schedule when it ends). */
  'cleanup:schedule': channel(z.object({ runNow: z.enum(SCHEDULE_KINDS).optional() })).returns<ScheduleAnswer>(),
  'integrity:state': channel(z.object({})).returns<IntegrityState>(),
  'audit:list': channel(z.object({ limit: z.number().int().min(1).max(1000).default(200) })).returns<AuditEntry[]>(),
};
