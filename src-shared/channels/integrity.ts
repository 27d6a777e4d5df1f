/**
 * Integrity: scanner, watcher health, trash, cleanup (plan/apply), schedule and audit log.
 * The renderer passes recording ids and cleanup kinds, never paths to delete.
 */
import { z } from 'zod';
import { channel } from '../channel';
import { Id } from './recordings';

export const CLEANUP_KINDS = ['temp', 'expired', 'trash', 'orphans', 'missing', 'empty'] as const;
export type CleanupKind = (typeof CLEANUP_KINDS)[number];

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
  /** Share of the library's registered files and bytes the run would touch. */
  share: { files: number; bytes: number };
  /** True when the share is above settings.cleanup.safetyShare: apply needs confirm. */
  needsConfirm: boolean;
  state: 'online' | 'offline';
  /** Identifies exactly this list of items; apply can insist on running the list the user saw. */
  digest: string;
}

export interface CleanupResult {
  done: CleanupItem[];
  skipped: { path: string | null; id: number | null; reason: string }[];
  /** Set when nothing was done because the run needs an explicit confirmation. */
  needsConfirm?: boolean;
  /** Set when nothing was done because the library changed since the dry run that was confirmed. */
  planChanged?: boolean;
}

export interface ScanReport {
  state: 'online' | 'offline';
  missing: { id: number; path: string }[];
  orphans: { path: string; size: number }[];
  changed: { id: number; path: string; size: number }[];
  moved: { id: number; from: string; to: string }[];
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

export interface ScheduleEntry {
  kind: 'temp' | 'expired' | 'trash' | 'orphans';
  everyHours: number;
  lastRun: string | null;
  nextRun: string;
  lastResult: { done: number; skipped: number; bytes: number; needsConfirm: boolean; error: string | null } | null;
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

const Kinds = z.array(z.enum(CLEANUP_KINDS)).min(1).default([...CLEANUP_KINDS]);
const Ids = z.array(Id).min(1).max(10_000);

export const integrityChannels = {
  'scan:run': channel(z.object({ apply: z.boolean().default(true) })).returns<ScanReport>(),
  'watcher:health': channel(z.object({})).returns<WatcherHealth>(),
  'recordings:delete': channel(z.object({ ids: Ids })).returns<{ trashed: number[]; skipped: { id: number; reason: string }[] }>(),
  'recordings:restore': channel(z.object({ ids: Ids })).returns<{ restored: number[]; skipped: { id: number; reason: string }[] }>(),
  'trash:list': channel(z.object({})).returns<TrashEntry[]>(),
  'trash:empty': channel(z.object({ ids: z.array(Id).max(10_000).optional() })).returns<CleanupResult>(),
  'cleanup:plan': channel(z.object({ kinds: Kinds })).returns<CleanupPlan>(),
  'cleanup:apply': channel(z.object({ kinds: Kinds, confirm: z.boolean().default(false), expectDigest: z.string().max(100).optional() })).returns<CleanupResult>(),
  'cleanup:schedule': channel(z.object({ runNow: z.enum(['temp', 'expired', 'trash', 'orphans']).optional() })).returns<ScheduleEntry[]>(),
  'audit:list': channel(z.object({ limit: z.number().int().min(1).max(1000).default(200) })).returns<AuditEntry[]>(),
};
