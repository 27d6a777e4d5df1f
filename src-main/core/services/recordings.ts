/** Reading and editing recordings in the catalog (names only: paths never change). */
import { and, asc, count, desc, eq, ne, type SQL, sql } from 'drizzle-orm';
import { expiryFacts, NEVER } from '../expiry/expiry';
import { tagsOf } from '../metadata/tags-of';
import type { RecordingQuery } from '@shared/channels/recordings';
import {
  type FileKind,
  type MediaInfo,
  type RecordingDetail,
  type RecordingFile,
  type RecordingQueryResult,
  type RecordingRow,
  type RecordingStatus,
  searchKeyOf,
} from '@shared/domain';
import { codeReason } from '@shared/reasons';
import { files, recordings, templates } from '../catalog/schema';
import { matchRecording } from '../templates/match';
import type { Library } from '../catalog/library';

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

const rowColumns = {
  id: recordings.id,
  profileId: recordings.profileId,
  displayName: recordings.displayName,
  startTime: recordings.startTime,
  durationMs: recordings.durationMs,
  sizeBytes: recordings.sizeBytes,
  status: recordings.status,
  statusReason: recordings.statusReason,
  templateId: recordings.templateId,
  templateName: templates.name,
  keptStartMs: recordings.keptStartMs,
  keptEndMs: recordings.keptEndMs,
};

type RawRow = {
  id: number;
  profileId: number;
  displayName: string;
  startTime: number;
  durationMs: number;
  sizeBytes: number;
  status: string;
  statusReason: string | null;
  templateId: number | null;
  templateName: string | null;
  keptStartMs: number | null;
  keptEndMs: number | null;
};

interface PictureVersions {
  thumbnail: Map<number, string>;
  poster: Map<number, string>;
}

/**
 * Each recording's own thumbnail ("<file id>-<size>-<hash tail>") and poster ("<file id>-<size>")
 * versions for the given ids: one indexed query per page. An image URL carries its version, so a
 * new upload or a re-processed poster shows at once and a recording without a poster asks for none.
 */
function pictureVersions(lib: Library, ids: readonly number[]): PictureVersions {
  const out: PictureVersions = { thumbnail: new Map(), poster: new Map() };
  if (!ids.length) return out;
  const rows = lib.sqlite
    .prepare("SELECT recording_id AS r, kind, id, size, hash FROM files WHERE kind IN ('thumbnail', 'poster') AND recording_id IN (SELECT value FROM json_each(?))")
    .all(JSON.stringify(ids)) as { r: number; kind: 'thumbnail' | 'poster'; id: number; size: number; hash: string }[];
  for (const v of rows) {
    if (v.kind === 'thumbnail') out.thumbnail.set(v.r, `${v.id}-${v.size}-${v.hash.slice(-8)}`);
    else out.poster.set(v.r, `${v.id}-${v.size}`);
  }
  return out;
}

function toRow(r: RawRow, versions: PictureVersions | null, tags: Map<number, string[]> | null): RecordingRow {
  // A processed recording with no kept range had nothing cut (or was held for review): it plays whole.
  const whole = r.status === 'processed' || r.status === 'needs_review' ? r.durationMs : null;
  const kept = r.keptStartMs !== null && r.keptEndMs !== null ? Math.max(0, r.keptEndMs - r.keptStartMs) : whole;
  const coded = codeReason(r.statusReason);
  return {
    id: r.id,
    profileId: r.profileId,
    displayName: r.displayName,
    startTime: new Date(r.startTime).toISOString(),
    durationSec: Math.round(r.durationMs / 100) / 10,
    keptDurationSec: kept === null ? null : Math.round(kept / 100) / 10,
    sizeBytes: r.sizeBytes,
    status: r.status as RecordingStatus,
    statusReason: r.statusReason,
    statusCode: coded?.code ?? null,
    statusParams: coded?.params ?? null,
    statusDetail: coded?.detail ?? null,
    templateId: r.templateId,
    templateName: r.templateName,
    thumbnailVersion: versions?.thumbnail.get(r.id) ?? null,
    posterVersion: versions?.poster.get(r.id) ?? null,
    tags: tags?.get(r.id) ?? [],
  };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The recording id a search names: "#12", "# 12" or "12"; null for anything else. */
export function idInSearch(term: string): number | null {
  const m = /^#?\s*(\d{1,15})$/.exec(term.trim());
  if (!m) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

const sortColumns = {
  name: recordings.searchKey,
  date: recordings.startTime,
  // The Duration column shows the kept length once processing trimmed it, so it sorts by that too.
  duration: sql`COALESCE(${recordings.keptEndMs} - ${recordings.keptStartMs}, ${recordings.durationMs})`,
  size: recordings.sizeBytes,
  status: recordings.status,
  template: templates.name,
} as const;

const DAY_MS = 86_400_000;

/** A case-folded substring pattern for LIKE. */
const like = (w: string) => `%${escapeLike(w)}%`;

/** One search word: in the name, the description or a tag; "#word" only in a tag that starts so. */
function wordMatches(word: string): SQL {
  const tagLike = (pattern: string) =>
    sql`EXISTS (SELECT 1 FROM recording_tags t WHERE t.recording_id = ${recordings.id} AND t.tag_key LIKE ${pattern} ESCAPE '\\')`;
  if (word.length > 1 && word.startsWith('#')) return tagLike(`${escapeLike(word.slice(1))}%`);
  return sql`(${recordings.searchKey} LIKE ${like(word)} ESCAPE '\\' OR ${recordings.descriptionKey} LIKE ${like(word)} ESCAPE '\\' OR ${tagLike(like(word))})`;
}

/**
 * The search box: the whole term in the name (as before), or every word of it somewhere in the
 * name, description or tags ("#tag" for tags only), or the recording's id ("#12", "12").
 */
function searchCondition(search: string): SQL | null {
  const term = searchKeyOf(search.trim());
  if (!term) return null;
  const byName = sql`${recordings.searchKey} LIKE ${like(term)} ESCAPE '\\'`;
  const words = term.split(/\s+/).filter(Boolean);
  const any = sql`(${byName} OR (${sql.join(words.map(wordMatches), sql` AND `)}))`;
  // "#12" or a bare "12" also finds recording #12 (the id the detail panel and messages show).
  const id = idInSearch(term);
  return id === null ? any : sql`(${any} OR ${recordings.id} = ${id})`;
}

/**
 * "Expiring soon": the recording's own date, else its profile's "after N days" from the import,
 * falls before now + days (NEVER never does). Those already past it are in too: the expired
 * cleanup has not taken them yet, so they are the soonest to go.
 */
function expiringCondition(days: number, now: number): SQL {
  const policy = sql`(SELECT p.expire_after_days FROM profiles p WHERE p.id = ${recordings.profileId})`;
  const at = sql`(CASE WHEN ${recordings.expireAt} = ${NEVER} THEN NULL WHEN ${recordings.expireAt} IS NOT NULL THEN ${recordings.expireAt} ELSE ${recordings.createdAt} + ${policy} * ${DAY_MS} END)`;
  return sql`${at} <= ${now + days * DAY_MS}`;
}

export function queryRecordings(lib: Library, q: RecordingQuery, now = Date.now()): RecordingQueryResult {
  const where: SQL[] = [];
  const search = searchCondition(q.search);
  if (search) where.push(search);
  if (q.expiringWithinDays !== null) where.push(expiringCondition(q.expiringWithinDays, now));
  // Trashed recordings live in the Trash view; the list shows them only when asked for by status.
  if (q.status) where.push(eq(recordings.status, q.status));
  else where.push(ne(recordings.status, 'trashed'));
  if (q.profileId) where.push(eq(recordings.profileId, q.profileId));
  if (q.templateId) where.push(eq(recordings.templateId, q.templateId));
  const cond = where.length ? and(...where) : undefined;
  const order = q.dir === 'asc' ? asc : desc;
  const rows = lib.db
    .select(rowColumns)
    .from(recordings)
    .leftJoin(templates, eq(templates.id, recordings.templateId))
    .where(cond)
    .orderBy(order(sortColumns[q.sort]), order(recordings.id))
    .limit(q.limit)
    .offset(q.offset)
    .all();
  const total = lib.db.select({ n: count() }).from(recordings).where(cond).get()?.n ?? 0;
  // Pictures and tags: one grouped query each for the page, never one per row.
  const ids = rows.map((r) => r.id);
  const versions = pictureVersions(lib, ids);
  const tags = tagsOf(lib, ids);
  return { total, offset: q.offset, rows: rows.map((r) => toRow(r, versions, tags)) };
}

export function listFiles(lib: Library, recordingId: number): RecordingFile[] {
  return lib.db
    .select({ id: files.id, kind: files.kind, path: files.relPath, size: files.size })
    .from(files)
    .where(eq(files.recordingId, recordingId))
    .orderBy(asc(files.id))
    .all()
    .map((f) => ({ ...f, kind: f.kind as FileKind }));
}

export function getRecording(lib: Library, id: number): RecordingDetail {
  const r = lib.db
    .select({
      ...rowColumns,
      media: recordings.media,
      trashedAt: recordings.trashedAt,
      templateManual: recordings.templateManual,
      description: recordings.description,
    })
    .from(recordings)
    .leftJoin(templates, eq(templates.id, recordings.templateId))
    .where(eq(recordings.id, id))
    .get();
  if (!r) throw new NotFoundError(`There is no recording #${id}`);
  const fileList = listFiles(lib, id);
  return {
    ...toRow(r, pictureVersions(lib, [id]), tagsOf(lib, [id])),
    files: fileList,
    media: r.media ? (JSON.parse(r.media) as MediaInfo) : null,
    keptStartSec: r.keptStartMs === null ? null : r.keptStartMs / 1000,
    keptEndSec: r.keptEndMs === null ? null : r.keptEndMs / 1000,
    ...expiryFacts(lib, id),
    trashedAt: r.trashedAt === null ? null : new Date(r.trashedAt).toISOString(),
    hasPoster: fileList.some((f) => f.kind === 'poster'),
    hasThumbnail: fileList.some((f) => f.kind === 'thumbnail'),
    templateManual: r.templateManual,
    description: r.description,
  };
}

export function renameRecording(lib: Library, id: number, displayName: string): RecordingDetail {
  const name = displayName.normalize('NFC').trim();
  const res = lib.db
    .update(recordings)
    .set({ displayName: name, searchKey: searchKeyOf(name), updatedAt: Date.now() })
    .where(eq(recordings.id, id))
    .run();
  if (res.changes === 0) throw new NotFoundError(`There is no recording #${id}`);
  matchRecording(lib, id); // the template follows the new name, unless it was chosen by hand
  lib.events.emit('library:changed', { reason: 'renamed', recordingIds: [id] });
  return getRecording(lib, id);
}

/** Ids of the recordings (not trashed or importing) that expire within `days` from `now`, or are past their date. */
export function expiringIds(lib: Library, days: number, now = Date.now()): Set<number> {
  const rows = lib.db
    .select({ id: recordings.id })
    .from(recordings)
    .where(and(expiringCondition(days, now), sql`${recordings.status} NOT IN ('trashed', 'importing')`))
    .all();
  return new Set(rows.map((r) => r.id));
}

/** The CLI's `list --json` shape. */
export interface CliRecording {
  id: number;
  profileId: number;
  displayName: string;
  startTime: string;
  durationSec: number;
  status: string;
  templateId: number | null;
  files: { kind: string; path: string; size: number }[];
}

/** `show --json`: the list shape plus what a person added and when it expires. */
export interface CliRecordingDetail extends CliRecording {
  description: string | null;
  tags: string[];
  expireAt: string | null;
  expirySource: RecordingDetail['expirySource'];
}

export function toCliRecording(d: RecordingDetail): CliRecordingDetail {
  return {
    id: d.id,
    profileId: d.profileId,
    displayName: d.displayName,
    startTime: d.startTime,
    durationSec: d.durationSec,
    status: d.status,
    templateId: d.templateId,
    files: d.files.map((f) => ({ kind: f.kind, path: f.path, size: f.size })),
    description: d.description,
    tags: d.tags,
    expireAt: d.expireAt,
    expirySource: d.expirySource,
  };
}

export function listAllForCli(lib: Library): CliRecording[] {
  const rows = lib.db.select(rowColumns).from(recordings).leftJoin(templates, eq(templates.id, recordings.templateId)).orderBy(asc(recordings.id)).all();
  const fileRows = lib.db.select({ recordingId: files.recordingId, kind: files.kind, path: files.relPath, size: files.size }).from(files).orderBy(asc(files.id)).all();
  const byRec = new Map<number, { kind: string; path: string; size: number }[]>();
  for (const f of fileRows) {
    if (f.recordingId === null) continue;
    const list = byRec.get(f.recordingId) ?? [];
    list.push({ kind: f.kind, path: f.path, size: f.size });
    byRec.set(f.recordingId, list);
  }
  return rows.map((r) => {
    const row = toRow(r, null, null);
    return {
      id: row.id,
      profileId: row.profileId,
      displayName: row.displayName,
      startTime: row.startTime,
      durationSec: row.durationSec,
      status: row.status,
      templateId: row.templateId,
      files: byRec.get(row.id) ?? [],
    };
  });
}
