/** Domain types shared by core, IPC, CLI and renderer. Plain data only: everything here crosses IPC. */
import type { ReasonCode, ReasonParams } from './reasons';

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
  /** For a transcript (.srt, .vtt, master JSON): the master.json it is now, its segments, and what was left out. */
  transcript?: {
    path: string;
    segments: number;
    warnings: string[];
    /** What the file's times referred to: the source recording, or the processed (kept) video. */
    timeline?: 'source' | 'processed';
    /** Segments left out because they fell entirely in silence processing removed, and ones cut short by it. */
    dropped?: number;
    clipped?: number;
  };
}

export interface RecordingRow {
  id: number;
  profileId: number;
  displayName: string;
  /** ISO-8601 */
  startTime: string;
  /** The source's length. */
  durationSec: number;
  /** The kept length after trimming (null before processing): what the player plays. */
  keptDurationSec: number | null;
  sizeBytes: number;
  status: RecordingStatus;
  /** Why it has this status, in the core's English words (the CLI prints it). */
  statusReason: string | null;
  /** The reason's stable code for the UI to translate (src-shared/reasons.ts); null when it has none. */
  statusCode: ReasonCode | null;
  statusParams: ReasonParams | null;
  /** The technical part of the reason, shown folded. */
  statusDetail: string | null;
  templateId: number | null;
  templateName: string | null;
  /** The recording's own thumbnail file as "<file id>-<size>-<hash tail>" (null: none), so an image URL changes with every upload. */
  thumbnailVersion: string | null;
  /** The poster frame as "<file id>-<size>" (null: none yet), so its URL changes when processing writes a new one. */
  posterVersion: string | null;
  /** A person's tags, in the order they were added (src-shared/metadata.ts). */
  tags: string[];
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
  /** What a person wrote about it (src-shared/metadata.ts); null when nothing. */
  description: string | null;
  /** `missing`, but only outputs of processing are gone: processing it again makes them (its source is there). */
  remakeable: boolean;
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

/** The parts of the library folder the Storage view shows (keys of LibraryUsage without "Bytes"). */
export const LIBRARY_USAGE_PARTS = ['recordings', 'catalog', 'backups', 'sharedThumbnails', 'userThumbnails', 'temp', 'trashFolder', 'other'] as const;
export type LibraryUsagePart = (typeof LIBRARY_USAGE_PARTS)[number];

/**
 * The library folder measured on disk as `du -sb` measures it (apparent sizes, folders' own size
 * included, hard links once), by part; totalBytes is their sum.
 */
export interface LibraryUsage {
  totalBytes: number;
  /** users/<uid>/recordings/ (sources, videos, audio, posters, transcripts; trashed recordings too). */
  recordingsBytes: number;
  /** catalog.db with its -wal and -shm. */
  catalogBytes: number;
  backupsBytes: number;
  sharedThumbnailsBytes: number;
  userThumbnailsBytes: number;
  tempBytes: number;
  /** The trash/ folder (quarantined files), not trashed recordings (they stay in their folders). */
  trashFolderBytes: number;
  /** Everything else: the folders above these, the library marker, the lock, a person's own files. */
  otherBytes: number;
  /** Folders that could not be read (their content is not counted). */
  unreadable: string[];
}

export interface StorageInfo {
  profiles: ProfileUsage[];
  disk: { freeBytes: number; totalBytes: number } | null;
  /** The whole library folder on disk; null when it is not there (offline). */
  library: LibraryUsage | null;
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

/**
 * NFC + lower case + ё as е: the one normalisation used for search keys and search terms alike
 * (and for case-insensitive template rules, which match on the stored key). Russian writes «ёлка»
 * and «елка» for one word; the search by what was said folds them the same way. Keys stored
 * before this fold are folded by migration 0009.
 */
export function searchKeyOf(name: string): string {
  return yoAsYe(name.normalize('NFC').toLowerCase());
}

/** ё as е, Ё as Е (for a regular expression's source, whose case its flags decide). */
export function yoAsYe(s: string): string {
  return s.replace(/ё/g, 'е').replace(/Ё/g, 'Е');
}

/** The profile every library starts with: its id, and the stored name it is made with (the UI names it in the person's language while it keeps that name). */
export const BUILT_IN_PROFILE = { id: 1, name: 'Default' } as const;
