/** Reading and editing recordings in the catalog (names only: paths never change). */
import { expiryFacts, NEVER } from '../expiry/expiry';
import type { RecordingQuery } from '@shared/channels/recordings';
import type { MediaInfo, RecordingDetail, RecordingFile, RecordingQueryResult } from '@shared/domain';
import { NotFoundError } from '@shared/errors';
import { allRecordingFiles, allRecordingRows, listRecordingFiles, recordingDetailFacts } from '@core/catalog/repositories/recordings/detail';
import { expiringRecordingIds, idInSearch, queryRecordingPage } from '@core/catalog/repositories/recordings/list';
import type { Library } from '../catalog/library';
import { remakeable } from '../media/remake';

export { idInSearch, NotFoundError };

export function queryRecordings(lib: Library, q: RecordingQuery, now = Date.now()): RecordingQueryResult {
  return queryRecordingPage(lib.sqlite, q, now, NEVER);
}

export function listFiles(lib: Library, recordingId: number): RecordingFile[] {
  return listRecordingFiles(lib.sqlite, recordingId);
}

export function getRecording(lib: Library, id: number): RecordingDetail {
  const r = recordingDetailFacts(lib.sqlite, id);
  if (!r) throw new NotFoundError(`There is no recording #${id}`);
  const fileList = listFiles(lib, id);
  return {
    ...r.row,
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
    remakeable: r.row.status === 'missing' && remakeable(lib, id),
  };
}

/** Ids of the recordings (not trashed or importing) that expire within `days` from `now`, or are past their date. */
export function expiringIds(lib: Library, days: number, now = Date.now()): Set<number> {
  return new Set(expiringRecordingIds(lib.sqlite, days, now, NEVER));
}

/** The CLI's `list --json` shape. */
export interface CliRecording {
  id: number;
  profileId: number;
  displayName: string;
  startTime: string;
  durationSec: number;
  status: string;
  /** Why it is failed, missing or held for review, in words; null when nothing needs saying. */
  statusReason: string | null;
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
    statusReason: d.statusReason,
    templateId: d.templateId,
    files: d.files.map((f) => ({ kind: f.kind, path: f.path, size: f.size })),
    description: d.description,
    tags: d.tags,
    expireAt: d.expireAt,
    expirySource: d.expirySource,
  };
}

export function listAllForCli(lib: Library): CliRecording[] {
  const byRec = allRecordingFiles(lib.sqlite);
  return allRecordingRows(lib.sqlite).map((row) => ({
    id: row.id,
    profileId: row.profileId,
    displayName: row.displayName,
    startTime: row.startTime,
    durationSec: row.durationSec,
    status: row.status,
    statusReason: row.statusReason,
    templateId: row.templateId,
    files: byRec.get(row.id) ?? [],
  }));
}
