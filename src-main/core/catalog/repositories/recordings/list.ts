/**
 * The Recordings list: one page of rows (filtered, searched, sorted) and its total, then the page's
 * pictures and tags in one grouped query each, never one per row. The statement text depends only
 * on the shape of the query (which filters, how many search words), so each shape is compiled once.
 */
import type Database from 'better-sqlite3';
import type { RecordingQuery } from '@shared/channels/recordings';
import type { RecordingQueryResult, RecordingRow, RecordingStatus, SortKey } from '@shared/domain';
import { codeReason } from '@shared/reasons';
import { stmt } from '../../statements';
import { tagsOf } from './metadata';
import { type Cond, searchCondition } from './search';

export { idInSearch } from './search';

/** A list row as stored, before the picture versions and tags of its page are added. */
export interface RecordingRowFacts {
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
}

export const ROW_COLUMNS = `recordings.id, recordings.profile_id AS profileId, recordings.display_name AS displayName,
  recordings.start_time AS startTime, recordings.duration_ms AS durationMs, recordings.size_bytes AS sizeBytes,
  recordings.status, recordings.status_reason AS statusReason, recordings.template_id AS templateId,
  templates.name AS templateName, recordings.kept_start_ms AS keptStartMs, recordings.kept_end_ms AS keptEndMs`;

export const ROW_FROM = 'FROM recordings LEFT JOIN templates ON templates.id = recordings.template_id';

export interface PictureVersions {
  thumbnail: Map<number, string>;
  poster: Map<number, string>;
}

/**
 * Each recording's own thumbnail ("<file id>-<size>-<hash tail>") and poster ("<file id>-<size>")
 * versions for the given ids: one indexed query per page. An image URL carries its version, so a
 * new upload or a re-processed poster shows at once and a recording without a poster asks for none.
 */
export function pictureVersions(sqlite: Database.Database, ids: readonly number[]): PictureVersions {
  const out: PictureVersions = { thumbnail: new Map(), poster: new Map() };
  if (!ids.length) return out;
  const rows = stmt(sqlite, "SELECT recording_id AS r, kind, id, size, hash FROM files WHERE kind IN ('thumbnail', 'poster') AND recording_id IN (SELECT value FROM json_each(?))")
    .all(JSON.stringify(ids)) as { r: number; kind: 'thumbnail' | 'poster'; id: number; size: number; hash: string }[];
  for (const v of rows) {
    if (v.kind === 'thumbnail') out.thumbnail.set(v.r, `${v.id}-${v.size}-${v.hash.slice(-8)}`);
    else out.poster.set(v.r, `${v.id}-${v.size}`);
  }
  return out;
}

export function toRecordingRow(r: RecordingRowFacts, versions: PictureVersions | null, tags: Map<number, string[]> | null): RecordingRow {
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

const SORT_SQL: Record<SortKey, string> = {
  name: 'recordings.search_key',
  date: 'recordings.start_time',
  // The Duration column shows the kept length once processing trimmed it, so it sorts by that too.
  duration: 'COALESCE(recordings.kept_end_ms - recordings.kept_start_ms, recordings.duration_ms)',
  size: 'recordings.size_bytes',
  status: 'recordings.status',
  template: 'templates.name',
};

const DAY_MS = 86_400_000;

/**
 * "Expiring soon": the recording's own date, else its profile's "after N days" from the import,
 * falls before now + days (`never`, the stored "never expires", never does). Those already past it
 * are in too: the expired cleanup has not taken them yet, so they are the soonest to go.
 */
function expiringCondition(days: number, now: number, never: number): Cond {
  const policy = '(SELECT p.expire_after_days FROM profiles p WHERE p.id = recordings.profile_id)';
  return {
    sql: `(CASE WHEN recordings.expire_at = ? THEN NULL WHEN recordings.expire_at IS NOT NULL THEN recordings.expire_at
      ELSE recordings.created_at + ${policy} * ? END) <= ?`,
    params: [never, DAY_MS, now + days * DAY_MS],
  };
}

function where(conds: Cond[]): Cond {
  return { sql: conds.map((c) => c.sql).join(' AND '), params: conds.flatMap((c) => c.params) };
}

/** `never` is the expire_at value that means "never expires" (expiry's NEVER). */
export function queryRecordingPage(sqlite: Database.Database, q: RecordingQuery, now: number, never: number): RecordingQueryResult {
  const conds: Cond[] = [];
  const search = searchCondition(sqlite, q.search);
  if (search) conds.push(search);
  if (q.expiringWithinDays !== null) conds.push(expiringCondition(q.expiringWithinDays, now, never));
  // Trashed recordings live in the Trash view; the list shows them only when asked for by status.
  if (q.status) conds.push({ sql: 'recordings.status = ?', params: [q.status] });
  else conds.push({ sql: 'recordings.status <> ?', params: ['trashed'] });
  if (q.profileId) conds.push({ sql: 'recordings.profile_id = ?', params: [q.profileId] });
  if (q.templateId) conds.push({ sql: 'recordings.template_id = ?', params: [q.templateId] });
  const w = where(conds);
  const dir = q.dir === 'asc' ? 'ASC' : 'DESC';
  const rows = stmt(sqlite, `SELECT ${ROW_COLUMNS} ${ROW_FROM} WHERE ${w.sql} ORDER BY ${SORT_SQL[q.sort]} ${dir}, recordings.id ${dir} LIMIT ? OFFSET ?`)
    .all(...w.params, q.limit, q.offset) as RecordingRowFacts[];
  const total = (stmt(sqlite, `SELECT COUNT(*) AS n FROM recordings WHERE ${w.sql}`).get(...w.params) as { n: number }).n;
  // Pictures and tags: one grouped query each for the page, never one per row.
  const ids = rows.map((r) => r.id);
  const versions = pictureVersions(sqlite, ids);
  const tags = tagsOf(sqlite, ids);
  return { total, offset: q.offset, rows: rows.map((r) => toRecordingRow(r, versions, tags)) };
}

/** Ids of the recordings (not trashed or importing) that expire within `days` from `now`, or are past their date. */
export function expiringRecordingIds(sqlite: Database.Database, days: number, now: number, never: number): number[] {
  const c = expiringCondition(days, now, never);
  const rows = stmt(sqlite, `SELECT id FROM recordings WHERE ${c.sql} AND recordings.status NOT IN ('trashed', 'importing')`).all(...c.params) as { id: number }[];
  return rows.map((r) => r.id);
}
