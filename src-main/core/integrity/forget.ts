/**
 * Forgetting: the only way a recording's row leaves the catalog other than a purge of the trash.
 * Explicit (a person names the ids), per recording, audited, and only for recordings whose files
 * are really gone: each is checked on disk right then, inside a library proven to be the right one
 * with the recording's profile folder present (identity.ts, assertIdentity).
 *
 * What a person expects: a recording whose files are still there is not "forgotten" (that would
 * leave its files as strays); it is deleted instead (trash, restorable). A trashed recording whose
 * files are gone may be forgotten; one with its files waits for the trash to be emptied.
 * No tombstone is written: the content was lost, not rejected, and a copy found later should import.
 */
import fs from 'node:fs';
import { writeAudit } from '@core/catalog/repositories/audit';
import { removeFileRow } from '@core/catalog/repositories/files/ledger';
import { deleteRecordingRow, recordingFiles, recordingStatus, removalFacts } from '@core/catalog/repositories/recordings/trash';
import { assertIdentity, UnavailableError } from '@core/catalog/availability';
import type { IdOutcome } from '@core/trash/trash';
import type { Library } from '@core/catalog/library';

function present(abs: string): boolean {
  try {
    fs.lstatSync(abs); // anything at the path (a file, a link, a folder) is not "gone"
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

export function forgetRecordings(lib: Library, ids: number[]): IdOutcome {
  const out: IdOutcome = { done: [], skipped: [] };
  for (const id of [...new Set(ids)]) {
    const r = removalFacts(lib.sqlite, id);
    if (!r) {
      out.skipped.push({ id, reason: 'no such recording' });
      continue;
    }
    if (r.status === 'importing' || r.status === 'processing') {
      out.skipped.push({ id, reason: `it is ${r.status}: wait for it to finish` });
      continue;
    }
    try {
      assertIdentity(lib, r.profileId);
    } catch (err) {
      if (err instanceof UnavailableError) {
        out.skipped.push({ id, reason: err.message });
        continue;
      }
      throw err;
    }
    const files = recordingFiles(lib.sqlite, id);
    const there = files.filter((f) => present(lib.paths.abs(f.relPath)));
    if (there.length) {
      const what = there.map((f) => f.relPath.split('/').pop()).join(', ');
      out.skipped.push({
        id,
        reason:
          r.status === 'trashed'
            ? `it is in the trash with its files (${what}): empty the trash to remove it for good`
            : `its files are still there (${what}): delete it instead (reclib delete ${id}), it stays restorable until the trash is emptied`,
      });
      continue;
    }
    const trashed = r.status === 'trashed';
    lib.sqlite.transaction(() => {
      // Same checks again inside the transaction: nobody changed it in between.
      const again = recordingStatus(lib.sqlite, id);
      if (!again || again === 'importing' || again === 'processing') return;
      let bytes = 0;
      for (const f of recordingFiles(lib.sqlite, id)) {
        removeFileRow(lib.sqlite, f.id);
        bytes += f.size;
      }
      deleteRecordingRow(lib.sqlite, id);
      writeAudit(lib.sqlite, {
        action: 'forget',
        reason: `forgotten by the user: “${r.displayName}” (${trashed ? 'in the trash' : r.status}), ${files.length} file(s) already gone from the library folder`,
        relPath: files[0]?.relPath ?? null,
        recordingId: id,
        bytes,
      });
      out.done.push(id);
    })();
  }
  if (out.done.length) lib.events.emit('library:changed', { reason: 'forgotten', recordingIds: out.done });
  return out;
}
