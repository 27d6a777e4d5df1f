/**
 * Which of a recording's files is its video, audio, subtitles, source or poster: what the player
 * plays and what an export copies. Relative paths, as the catalog holds them; the caller checks
 * them against the library root before any byte is read.
 */
import type Database from 'better-sqlite3';
import { isExtractedAudio } from '../../../storage/paths';
import { stmt } from '../../statements';

export type RecordingMediaKind = 'source' | 'video' | 'audio' | 'poster' | 'subtitles';

interface FileEntry {
  kind: string;
  p: string;
}

export function recordingMediaFile(sqlite: Database.Database, id: number, kind: RecordingMediaKind): string | null {
  const rows = stmt(sqlite, 'SELECT kind, rel_path AS p FROM files WHERE recording_id = ? ORDER BY id').all(id) as FileEntry[];
  const first = (test: (r: FileEntry) => boolean) => rows.find(test)?.p ?? null;
  if (kind === 'video') return first((r) => r.kind === 'video') ?? trimmedAudio(sqlite, id, rows) ?? first((r) => r.kind === 'source');
  if (kind === 'audio') return first((r) => r.kind === 'audio' && isExtractedAudio(r.p)) ?? first((r) => r.kind === 'audio');
  // The <track> of the player: the WebVTT made from master.json (a person's own subtitles.vtt, kind transcript, when it is theirs).
  if (kind === 'subtitles') return first((r) => (r.kind === 'subtitle' || r.kind === 'transcript') && /\/transcription\/subtitles\.vtt$/.test(r.p));
  return first((r) => r.kind === kind);
}

/**
 * What an audio-only recording plays once trimmed: its copy in the source's codec (audio.m4a,
 * audio.opus ...), or audio.mp3 when the source was an MP3 (the copy is audio.mp3 itself). Never
 * the extracted audio.mp3 of an untrimmed recording: the source plays then, in its own quality.
 */
function trimmedAudio(sqlite: Database.Database, id: number, rows: FileEntry[]): string | null {
  const copy = rows.find((r) => r.kind === 'audio' && !isExtractedAudio(r.p));
  if (copy) return copy.p;
  const rec = stmt(sqlite, 'SELECT kept_start_ms AS kept, media FROM recordings WHERE id = ?').get(id) as { kept: number | null; media: string | null } | undefined;
  if (!rec || rec.kept === null || rec.media === null) return null;
  let audioOnly: boolean;
  try {
    audioOnly = (JSON.parse(rec.media) as { video?: unknown }).video === null;
  } catch {
    return null;
  }
  return audioOnly ? (rows.find((r) => r.kind === 'audio' && isExtractedAudio(r.p))?.p ?? null) : null;
}
