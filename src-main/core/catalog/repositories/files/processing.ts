/**
 * File rows as jobs that make outputs read them (processing, transcription, attaching a
 * transcript): a recording's files, the one at a path, the files a job must not overwrite.
 * Every change to the files table still goes through files.ts (the usage ledger).
 */
import type Database from 'better-sqlite3';
import type { FileKind } from '@shared/domain';
import { stmt } from '../../statements';

export interface RecordingFile {
  id: number;
  kind: FileKind;
  relPath: string;
  hash: string;
  size: number;
}

export function filesOfRecording(sqlite: Database.Database, recordingId: number): RecordingFile[] {
  return stmt(sqlite, 'SELECT id, kind, rel_path AS relPath, hash, size FROM files WHERE recording_id = ?').all(recordingId) as RecordingFile[];
}

export interface FileAtPath {
  id: number;
  recordingId: number | null;
  kind: FileKind;
  hash: string;
}

/** The registered file at a library-relative path, whoever's it is. */
export function fileAtPath(sqlite: Database.Database, relPath: string): FileAtPath | null {
  return (stmt(sqlite, 'SELECT id, recording_id AS recordingId, kind, hash FROM files WHERE rel_path = ?').get(relPath) as FileAtPath | undefined) ?? null;
}

/** The recording's source file (as imported). */
export function sourceFileOf(sqlite: Database.Database, recordingId: number): string | null {
  return (stmt(sqlite, "SELECT rel_path AS relPath FROM files WHERE recording_id = ? AND kind = 'source' LIMIT 1").get(recordingId) as { relPath: string } | undefined)?.relPath ?? null;
}

/** The recording's audio: audio.mp3 when there is one, else its trimmed audio-only copy. */
export function audioFileOf(sqlite: Database.Database, recordingId: number): string | null {
  const row = stmt(sqlite, "SELECT rel_path AS relPath FROM files WHERE recording_id = ? AND kind = 'audio' ORDER BY (rel_path LIKE '%/audio.mp3') DESC, id LIMIT 1").get(recordingId) as
    | { relPath: string }
    | undefined;
  return row?.relPath ?? null;
}

/**
 * Paths of the recording's files of kind `transcript`: the person's (attached, migrated). A job
 * never writes over one, even at a name it generates (subtitles.srt).
 */
export function transcriptPathsOf(sqlite: Database.Database, recordingId: number): Set<string> {
  const rows = stmt(sqlite, "SELECT rel_path AS relPath FROM files WHERE recording_id = ? AND kind = 'transcript'").all(recordingId) as { relPath: string }[];
  return new Set(rows.map((r) => r.relPath));
}

/** Bytes of all the recording's files (its size_bytes). */
export function recordingFilesSize(sqlite: Database.Database, recordingId: number): number {
  return (stmt(sqlite, 'SELECT COALESCE(SUM(size), 0) AS n FROM files WHERE recording_id = ?').get(recordingId) as { n: number }).n;
}
