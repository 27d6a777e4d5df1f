/** One recording's row and files as people see them, renaming it, and the CLI's whole-library list. */
import type Database from 'better-sqlite3';
import { type FileKind, type RecordingFile, type RecordingRow, type RecordingStatus, searchKeyOf } from '@shared/domain';
import { stmt } from '../../statements';
import { tagsOf } from './metadata';
import { pictureVersions, ROW_COLUMNS, ROW_FROM, type RecordingRowFacts, toRecordingRow } from './list';

/** A recording's list row and what its detail panel shows beyond it (raw: the caller shapes it). */
export interface RecordingDetailFacts {
  row: RecordingRow;
  /** JSON of MediaInfo, as stored. */
  media: string | null;
  keptStartMs: number | null;
  keptEndMs: number | null;
  trashedAt: number | null;
  templateManual: boolean;
  description: string | null;
}

type DetailRow = RecordingRowFacts & { media: string | null; trashedAt: number | null; templateManual: number; description: string | null };

export function recordingDetailFacts(sqlite: Database.Database, id: number): RecordingDetailFacts | null {
  const r = stmt(
    sqlite,
    `SELECT ${ROW_COLUMNS}, recordings.media, recordings.trashed_at AS trashedAt, recordings.template_manual AS templateManual,
            recordings.description ${ROW_FROM} WHERE recordings.id = ?`,
  ).get(id) as DetailRow | undefined;
  if (!r) return null;
  return {
    row: toRecordingRow(r, pictureVersions(sqlite, [id]), tagsOf(sqlite, [id])),
    media: r.media,
    keptStartMs: r.keptStartMs,
    keptEndMs: r.keptEndMs,
    trashedAt: r.trashedAt,
    templateManual: r.templateManual === 1,
    description: r.description,
  };
}

export function recordingExists(sqlite: Database.Database, id: number): boolean {
  return stmt(sqlite, 'SELECT 1 FROM recordings WHERE id = ?').get(id) !== undefined;
}

/** The recording's status; null when there is no such recording. */
export function recordingStatus(sqlite: Database.Database, id: number): RecordingStatus | null {
  return (stmt(sqlite, 'SELECT status FROM recordings WHERE id = ?').get(id) as { status: RecordingStatus } | undefined)?.status ?? null;
}

/** What the Recordings list shows unfiltered: the trash is counted in the Trash view only. */
export function countListedRecordings(sqlite: Database.Database): number {
  return (stmt(sqlite, "SELECT COUNT(*) AS n FROM recordings WHERE status <> 'trashed'").get() as { n: number }).n;
}

export function listRecordingFiles(sqlite: Database.Database, recordingId: number): RecordingFile[] {
  return stmt(sqlite, 'SELECT id, kind, rel_path AS path, size FROM files WHERE recording_id = ? ORDER BY id').all(recordingId) as RecordingFile[];
}

/** The content hash the catalog recorded for a file (what a copy of it is verified against). */
export function fileHash(sqlite: Database.Database, fileId: number): string | null {
  return (stmt(sqlite, 'SELECT hash FROM files WHERE id = ?').get(fileId) as { hash: string } | undefined)?.hash ?? null;
}

/** Renames a recording (its search key follows); false when there is no such recording. */
export function writeDisplayName(sqlite: Database.Database, id: number, displayName: string, at: number): boolean {
  return stmt(sqlite, 'UPDATE recordings SET display_name = ?, search_key = ?, updated_at = ? WHERE id = ?').run(displayName, searchKeyOf(displayName), at, id).changes > 0;
}

/** Every recording's row (without pictures or tags), by id. */
export function allRecordingRows(sqlite: Database.Database): RecordingRow[] {
  return (stmt(sqlite, `SELECT ${ROW_COLUMNS} ${ROW_FROM} ORDER BY recordings.id`).all() as RecordingRowFacts[]).map((r) => toRecordingRow(r, null, null));
}

export interface RecordingFileEntry {
  kind: FileKind;
  path: string;
  size: number;
}

/** Every recording's files, in the order they were registered. */
export function allRecordingFiles(sqlite: Database.Database): Map<number, RecordingFileEntry[]> {
  const rows = stmt(sqlite, 'SELECT recording_id AS recordingId, kind, rel_path AS path, size FROM files ORDER BY id').all() as (RecordingFileEntry & { recordingId: number | null })[];
  const byRec = new Map<number, RecordingFileEntry[]>();
  for (const f of rows) {
    if (f.recordingId === null) continue;
    const list = byRec.get(f.recordingId) ?? [];
    list.push({ kind: f.kind, path: f.path, size: f.size });
    byRec.set(f.recordingId, list);
  }
  return byRec;
}
