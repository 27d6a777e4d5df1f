/** Why a file is not imported again: its bytes are a recording's already, or one deleted before. */
import path from 'node:path';
import type { Library } from '@core/catalog/library';
import { recordingStatus } from '@core/catalog/repositories/recordings/detail';
import { recordingWithSource, tombstoneOf } from '@core/catalog/repositories/recordings/import';

const two = (n: number) => String(n).padStart(2, '0');

/** "2026-12-05 19:35 UTC+01:00": this machine's local time, readable in the CLI, and the moment exactly (the UI says it in the person's words). */
export function localStamp(ms: number): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const day = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  return `${day} ${two(d.getHours())}:${two(d.getMinutes())} UTC${sign}${two(Math.floor(Math.abs(off) / 60))}:${two(Math.abs(off) % 60)}`;
}

export function duplicateReason(lib: Library, hash: string, size: number, force: boolean, thisImport: ReadonlyMap<number, string>): string | null {
  const existing = recordingWithSource(lib.sqlite, hash, size);
  const twin = existing === null ? undefined : thisImport.get(existing);
  if (twin !== undefined) return `the same as ${path.basename(twin)} in this import (imported as #${existing})`;
  // In the trash it is not in the list a person looks at: say where it is.
  if (existing !== null) return recordingStatus(lib.sqlite, existing) === 'trashed' ? `already imported as #${existing}, which is in the trash: restore it from there` : `already imported as #${existing}`;
  if (force) return null;
  const tomb = tombstoneOf(lib.sqlite, hash, size);
  if (tomb) return `deleted on ${localStamp(tomb.deletedAt)} (as "${tomb.displayName}"); use --force to import it again`;
  return null;
}
