/**
 * Transcripts and subtitles a person deleted by hand. They are side files: the recording plays
 * without them, and its processing or transcription makes them again. So when one is gone while its
 * recording's source is still there (the evidence that the folder is reachable, not a disk away),
 * its row goes, with its search index and an audit line, instead of the whole recording becoming
 * `missing` with no way out but putting the file back.
 */
import type { Stats } from 'node:fs';
import { writeAudit } from '@core/catalog/repositories/audit';
import { removeFileRow } from '@core/catalog/repositories/files/ledger';
import { sourceFileOf } from '@core/catalog/repositories/files/processing';
import type { Library } from '@core/catalog/library';
import type { RowFact } from './reconcile';

const SIDE_KINDS = new Set(['transcript', 'subtitle']);
/** Recordings whose files a job owns, or that the trash keeps as they are until it is emptied. */
const LEFT_ALONE = new Set(['importing', 'processing', 'trashed']);

/** Call inside the scan's transaction. Returns the rows that stay missing, and those let go. */
export function letGoDeletedSideFiles(lib: Library, missing: RowFact[], onDisk: (rel: string) => Stats | null): { missing: RowFact[]; released: { id: number; path: string }[] } {
  const kept: RowFact[] = [];
  const released: { id: number; path: string }[] = [];
  for (const r of missing) {
    const source = r.recordingId === null ? null : sourceFileOf(lib.sqlite, r.recordingId);
    const letGo = SIDE_KINDS.has(r.kind) && r.recordingId !== null && !LEFT_ALONE.has(r.recordingStatus ?? '') && source !== null && onDisk(source) !== null;
    if (!letGo || !removeFileRow(lib.sqlite, r.fileId)) {
      kept.push(r);
      continue;
    }
    writeAudit(lib.sqlite, { action: 'unregister', reason: 'a transcript or subtitles file deleted from the recording folder', relPath: r.relPath, recordingId: r.recordingId, bytes: r.size });
    released.push({ id: r.recordingId!, path: r.relPath });
  }
  return { missing: kept, released };
}
