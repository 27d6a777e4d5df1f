import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Unix milliseconds; SQLite has no native time type and ms keep ordering cheap. */
const ms = (name: string) => integer(name);
const now = sql`(CAST(unixepoch('subsec') * 1000 AS INTEGER))`;

export const profiles = sqliteTable('profiles', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  quotaBytes: integer('quota_bytes'),
  retentionDays: integer('retention_days'),
  expireAfterDays: integer('expire_after_days'),
  createdAt: ms('created_at').notNull().default(now),
});

export const templates = sqliteTable(
  'templates',
  {
    id: integer('id').primaryKey(),
    profileId: integer('profile_id').references(() => profiles.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    position: integer('position').notNull().default(0),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** JSON of TemplateRules (src-shared/domain.ts). */
    rules: text('rules').notNull().default('{}'),
    /** File name under shared/thumbnails or users/<uid>/thumbnails; never a path. */
    thumbnail: text('thumbnail'),
    thumbnailScope: text('thumbnail_scope', { enum: ['shared', 'profile'] }).notNull().default('shared'),
    /** JSON of TemplateProcessing (src-shared/channels/templates.ts): each setting absent = the library's. */
    processing: text('processing').notNull().default('{}'),
    createdAt: ms('created_at').notNull().default(now),
  },
  (t) => [index('templates_profile_position').on(t.profileId, t.position)],
);

export const recordings = sqliteTable(
  'recordings',
  {
    id: integer('id').primaryKey(),
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id),
    displayName: text('display_name').notNull(),
    /** NFC + case-folded display name, so search is one indexed LIKE for every script. */
    searchKey: text('search_key').notNull(),
    startTime: ms('start_time').notNull(),
    durationMs: integer('duration_ms').notNull().default(0),
    status: text('status').notNull().default('importing'),
    /** Status before trashing or going missing, so restore puts things back as they were. */
    previousStatus: text('previous_status'),
    statusReason: text('status_reason'),
    templateId: integer('template_id').references(() => templates.id, { onDelete: 'set null' }),
    templateManual: integer('template_manual', { mode: 'boolean' }).notNull().default(false),
    /** Summary of the source streams (JSON of MediaInfo). */
    media: text('media'),
    sizeBytes: integer('size_bytes').notNull().default(0),
    keptStartMs: integer('kept_start_ms'),
    keptEndMs: integer('kept_end_ms'),
    legacyId: integer('legacy_id'),
    expireAt: ms('expire_at'),
    trashedAt: ms('trashed_at'),
    /** What a person wrote about the recording (NFC); null when nothing. */
    description: text('description'),
    /** searchKeyOf(description): SQLite's LIKE folds only ASCII case, so Cyrillic needs a folded copy. */
    descriptionKey: text('description_key'),
    createdAt: ms('created_at').notNull().default(now),
    updatedAt: ms('updated_at').notNull().default(now),
  },
  (t) => [
    index('recordings_profile_status').on(t.profileId, t.status),
    index('recordings_profile_template').on(t.profileId, t.templateId),
    index('recordings_start').on(t.startTime),
    index('recordings_search').on(t.searchKey),
  ],
);

export const files = sqliteTable(
  'files',
  {
    id: integer('id').primaryKey(),
    recordingId: integer('recording_id').references(() => recordings.id, { onDelete: 'cascade' }),
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id),
    kind: text('kind').notNull(),
    /** Relative to the library root, always with forward slashes. */
    relPath: text('rel_path').notNull(),
    size: integer('size').notNull(),
    mtimeMs: integer('mtime_ms').notNull(),
    inode: integer('inode'),
    hash: text('hash').notNull(),
    createdAt: ms('created_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('files_rel_path').on(t.relPath),
    index('files_recording').on(t.recordingId),
    index('files_hash').on(t.hash),
    // The importer asks "is a file of this size known?" before deciding to hash first.
    index('files_kind_size').on(t.kind, t.size),
  ],
);

/**
 * A person's tags on a recording: `tag` as written (NFC, trimmed), `tag_key` its searchKeyOf, so
 * "Лекция" and "лекция" are one tag per recording and a search finds either (migration 0004).
 */
export const recordingTags = sqliteTable(
  'recording_tags',
  {
    recordingId: integer('recording_id')
      .notNull()
      .references(() => recordings.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
    tagKey: text('tag_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.recordingId, t.tagKey] }), index('recording_tags_key').on(t.tagKey)],
);

/** The ledger: one row per profile and usage kind, updated in the transaction that adds or removes a file. */
export const usage = sqliteTable(
  'usage',
  {
    profileId: integer('profile_id')
      .notNull()
      .references(() => profiles.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    bytes: integer('bytes').notNull().default(0),
    files: integer('files').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.profileId, t.kind] })],
);

/** A deleted recording's fingerprint, so the same content is not imported again by accident. */
export const tombstones = sqliteTable(
  'tombstones',
  {
    id: integer('id').primaryKey(),
    profileId: integer('profile_id').notNull(),
    recordingId: integer('recording_id').notNull(),
    displayName: text('display_name').notNull(),
    size: integer('size').notNull(),
    hash: text('hash').notNull(),
    deletedAt: ms('deleted_at').notNull(),
  },
  (t) => [index('tombstones_hash').on(t.hash), index('tombstones_size').on(t.size)],
);

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/**
 * The highest id ever given to a recording, kept when that recording's row goes (forget, purge, a
 * rolled-back import or migration). A recording's id names its folder (users/<p>/recordings/<id>/),
 * its audit entries and its tombstone, so an id is never given twice: SQLite alone would hand the
 * id of a deleted last row to the next insert. A trigger keeps it (migration 0003).
 */
export const retiredIds = sqliteTable('retired_ids', {
  name: text('name').primaryKey(),
  highest: integer('highest').notNull(),
});

/**
 * Multi-step file operations. A row is written before the first step and updated after each,
 * so a process killed at any point can be resumed (or rolled back) from what the row says.
 */
export const journal = sqliteTable(
  'journal',
  {
    id: integer('id').primaryKey(),
    op: text('op').notNull(),
    runId: text('run_id'),
    state: text('state').notNull().default('pending'),
    step: text('step').notNull().default('start'),
    payload: text('payload').notNull(),
    error: text('error'),
    createdAt: ms('created_at').notNull().default(now),
    updatedAt: ms('updated_at').notNull().default(now),
  },
  (t) => [index('journal_state').on(t.state), index('journal_run').on(t.runId)],
);

export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey(),
    kind: text('kind').notNull(),
    recordingId: integer('recording_id'),
    state: text('state').notNull().default('queued'),
    /** JSON: per-stage status and figures. */
    stages: text('stages').notNull().default('{}'),
    /** JSON: counts, reasons, results. */
    summary: text('summary').notNull().default('{}'),
    /** JSON: what the job was started with (its kind's payload schema in src-shared/job-kinds), so it can be started again. */
    payload: text('payload'),
    error: text('error'),
    createdAt: ms('created_at').notNull().default(now),
    startedAt: ms('started_at'),
    finishedAt: ms('finished_at'),
  },
  (t) => [index('jobs_state').on(t.state), index('jobs_recording').on(t.recordingId)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey(),
    at: ms('at').notNull().default(now),
    action: text('action').notNull(),
    reason: text('reason').notNull(),
    relPath: text('rel_path'),
    recordingId: integer('recording_id'),
    bytes: integer('bytes').notNull().default(0),
  },
  (t) => [index('audit_at').on(t.at)],
);

export const migrationRuns = sqliteTable('migration_runs', {
  id: text('id').primaryKey(),
  mediaDir: text('media_dir').notNull(),
  state: text('state').notNull(),
  /** JSON: the plan the run follows, fixed when the run starts. */
  plan: text('plan').notNull(),
  report: text('report'),
  startedAt: ms('started_at').notNull().default(now),
  finishedAt: ms('finished_at'),
});

/**
 * Watched inbox folders (issue 16): outside folders whose finished recordings are imported on their
 * own. The path is absolute (it is outside the library, so it does not move with it).
 */
export const inboxFolders = sqliteTable('inbox_folders', {
  id: integer('id').primaryKey(),
  path: text('path').notNull().unique(),
  move: integer('move', { mode: 'boolean' }).notNull().default(false),
  profileId: integer('profile_id')
    .notNull()
    .references(() => profiles.id),
  process: integer('process', { mode: 'boolean' }).notNull().default(false),
  transcribe: integer('transcribe', { mode: 'boolean' }).notNull().default(false),
  createdAt: ms('created_at').notNull().default(now),
});

/**
 * What an inbox has already taken in: one row per top-level entry (a file, or a folder such as a
 * Zoom meeting's) with the size and mtime it had when it was handled. The same entry with the same
 * signature is never handled again, across restarts; a changed one is looked at again (the import's
 * hash check still refuses content the library has, or had).
 */
export const inboxSeen = sqliteTable(
  'inbox_seen',
  {
    id: integer('id').primaryKey(),
    folderId: integer('folder_id')
      .notNull()
      .references(() => inboxFolders.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    size: integer('size').notNull(),
    mtimeMs: integer('mtime_ms').notNull(),
    outcome: text('outcome').notNull(),
    recordingIds: text('recording_ids').notNull().default('[]'),
    reason: text('reason'),
    seenAt: ms('seen_at').notNull().default(now),
  },
  (t) => [uniqueIndex('inbox_seen_entry').on(t.folderId, t.name)],
);
