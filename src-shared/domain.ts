/** Domain types shared by core, IPC, CLI and renderer. Plain data only: everything here crosses IPC. */

export const RECORDING_STATUSES = [
  'importing',
  'ready',
  'processing',
  'processed',
  'needs_review',
  'failed',
  'trashed',
  'missing',
  'offline',
] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

/**
 * Whether the library's files are really there (proven from evidence, never stored): offline when
 * the library itself cannot be trusted, degraded when part of it is gone (a profile's folder, or a
 * scan finding an unusual share of files missing at once). Nothing is changed unless online.
 */
export type LibraryState = 'online' | 'offline' | 'degraded';

/** What a file is to its recording. */
export const FILE_KINDS = ['source', 'video', 'audio', 'poster', 'thumbnail', 'transcript', 'subtitle', 'quarantine'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** How the ledger breaks usage down (issue: source, video, audio, poster, thumbnail, transcript, trash). */
export const USAGE_KINDS = ['source', 'video', 'audio', 'poster', 'thumbnail', 'transcript', 'trash'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

export function usageKindOf(kind: FileKind, trashed: boolean): UsageKind {
  if (trashed || kind === 'quarantine') return 'trash';
  if (kind === 'subtitle') return 'transcript';
  return kind;
}

export interface RecordingFile {
  id: number;
  kind: FileKind;
  /** Relative to the library root. */
  path: string;
  size: number;
}

/** A file a person attached to a recording (reclib attach, or found in its folder by a scan). */
export interface AttachResult {
  id: number;
  /** Relative to the library root. */
  path: string;
  kind: FileKind;
  size: number;
  /** True when the same content was already attached there (nothing was copied). */
  already: boolean;
}

export interface RecordingRow {
  id: number;
  profileId: number;
  displayName: string;
  /** ISO-8601 */
  startTime: string;
  durationSec: number;
  sizeBytes: number;
  status: RecordingStatus;
  statusReason: string | null;
  templateId: number | null;
  templateName: string | null;
  /** The recording's own thumbnail file as "<file id>-<size>-<hash tail>" (null: none), so an image URL changes with every upload. */
  thumbnailVersion: string | null;
}

export interface RecordingDetail extends RecordingRow {
  files: RecordingFile[];
  media: MediaInfo | null;
  keptStartSec: number | null;
  keptEndSec: number | null;
  /** When it expires (its own date, or its profile's "expire after N days"), null when it does not. */
  expireAt: string | null;
  /** Where expireAt comes from; 'never' when set to never expire whatever the profile says. */
  expirySource: 'recording' | 'profile' | 'never' | null;
  trashedAt: string | null;
  hasPoster: boolean;
  hasThumbnail: boolean;
  /** The template was chosen by hand (re-applying rules keeps it). */
  templateManual: boolean;
}

export interface MediaInfo {
  durationSec: number;
  container: string;
  video: { codec: string; width: number; height: number } | null;
  audio: { codec: string; channels: number; sampleRate: number } | null;
  creationTime: string | null;
}

export const SORT_KEYS = ['name', 'date', 'duration', 'size', 'status', 'template'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface RecordingQueryResult {
  total: number;
  offset: number;
  rows: RecordingRow[];
}

export interface ProfileUsage {
  id: number;
  name: string;
  usedBytes: number;
  limitBytes: number | null;
  byKind: Record<UsageKind, number>;
}

export interface ProfileInfo {
  id: number;
  name: string;
  quotaBytes: number | null;
  retentionDays: number | null;
}

export interface StorageInfo {
  profiles: ProfileUsage[];
  disk: { freeBytes: number; totalBytes: number } | null;
}

/** Why the library the app was asked for is not open: the "Library not found" screen shows it. */
export interface LibraryProblem {
  root: string;
  kind: 'not-found' | 'damaged' | 'read-only' | 'locked' | 'failed';
  /** The short reason ("the folder does not exist"). */
  reason: string;
  /** The whole sentence, with the way back. */
  message: string;
}

/** library:status — the open library, or why none is open. */
export type LibraryStatus = { state: 'open'; info: LibraryInfo } | { state: 'unavailable'; problem: LibraryProblem } | { state: 'none' };

export interface LibraryInfo {
  root: string;
  catalog: string;
  schemaVersion: number;
  state: 'online' | 'offline';
  recordingCount: number;
  profiles: { id: number; name: string }[];
}

/** NFC + lower case: the one normalisation used for search keys and search terms alike. */
export function searchKeyOf(name: string): string {
  return name.normalize('NFC').toLowerCase();
}
