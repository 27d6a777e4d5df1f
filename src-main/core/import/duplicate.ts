/** Why a file is not imported again: its bytes are a recording's already, or one deleted before. */
import path from 'node:path';
import type { Library } from '@core/catalog/library';
import { recordingStatus } from '@core/catalog/repositories/recordings/detail';
import { recordingWithSource, tombstoneOf } from '@core/catalog/repositories/recordings/import';

export function duplicateReason(lib: Library, hash: string, size: number, force: boolean, thisImport: ReadonlyMap<number, string>): string | null {
  const existing = recordingWithSource(lib.sqlite, hash, size);
  const twin = existing === null ? undefined : thisImport.get(existing);
  if (twin !== undefined) return `the same as ${path.basename(twin)} in this import (imported as #${existing})`;
  // In the trash it is not in the list a person looks at: say where it is.
  if (existing !== null) return recordingStatus(lib.sqlite, existing) === 'trashed' ? `already imported as #${existing}, which is in the trash: restore it from there` : `already imported as #${existing}`;
  if (force) return null;
  const tomb = tombstoneOf(lib.sqlite, hash, size);
  if (tomb) return `deleted on ${new Date(tomb.deletedAt).toISOString().slice(0, 10)} (as "${tomb.displayName}"); use --force to import it again`;
  return null;
}
