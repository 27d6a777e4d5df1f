/**
 * Files a person deleted by hand that the recording can do without: transcripts and subtitles, and
 * the outputs of processing it does not play from (the extracted audio.mp3, the poster, its
 * thumbnail). Its processing or transcription makes them again. So when one is gone while its
 * recording's source is still there (the evidence that the folder is reachable, not a disk away),
 * its row goes, with its search index and an audit line, instead of the whole recording becoming
 * `missing` with no way out but putting the file back. The file the recording plays (a trimmed
 * copy) is not let go: its subtitles and transcript are timed to it. That recording is `missing`,
 * and processing it again remakes the copy (media/pipeline.ts).
 */
import type { Stats } from 'node:fs';
import { writeAudit } from '@core/catalog/repositories/audit';
import { removeFileRow } from '@core/catalog/repositories/files/ledger';
import { sourceFileOf } from '@core/catalog/repositories/files/processing';
import { recordingMediaFile } from '@core/catalog/repositories/recordings/media';
import type { Library } from '@core/catalog/library';
import type { RowFact } from './reconcile';

const TEXT_KINDS = new Set(['transcript', 'subtitle']);
const OUTPUT_KINDS = new Set(['audio', 'poster', 'thumbnail']);
/** Recordings whose files a job owns, or that the trash keeps as they are until it is emptied. */
const LEFT_ALONE = new Set(['importing', 'processing', 'trashed']);

function reasonToLetGo(lib: Library, r: RowFact): string | null {
  if (r.recordingId === null || LEFT_ALONE.has(r.recordingStatus ?? '')) return null;
  if (TEXT_KINDS.has(r.kind)) return 'a transcript or subtitles file deleted from the recording folder';
  if (OUTPUT_KINDS.has(r.kind) && recordingMediaFile(lib.sqlite, r.recordingId, 'video') !== r.relPath) {
    return 'an output of processing deleted from the recording folder (processing makes it again)';
  }
  return null;
}

/** Call inside the scan's transaction. Returns the rows that stay missing, and those let go. */
export function letGoDeletedSideFiles(lib: Library, missing: RowFact[], onDisk: (rel: string) => Stats | null): { missing: RowFact[]; released: { id: number; path: string }[] } {
  const kept: RowFact[] = [];
  const released: { id: number; path: string }[] = [];
  for (const r of missing) {
    const reason = reasonToLetGo(lib, r);
    const source = reason === null ? null : sourceFileOf(lib.sqlite, r.recordingId!);
    if (reason === null || source === null || onDisk(source) === null || !removeFileRow(lib.sqlite, r.fileId)) {
      kept.push(r);
      continue;
    }
    writeAudit(lib.sqlite, { action: 'unregister', reason, relPath: r.relPath, recordingId: r.recordingId, bytes: r.size });
    released.push({ id: r.recordingId!, path: r.relPath });
  }
  return { missing: kept, released };
}
