/**
 * A `missing` recording whose source is on disk and whose gone files are all things processing
 * makes (its trimmed copy above all: the scan lets the other outputs go, integrity/scanner/side-files.ts).
 * Processing it again remakes them; without this the only ways out were to find the file or to
 * forget the whole recording.
 */
import { statSync } from 'node:fs';
import type { Library } from '@core/catalog/library';
import { filesOfRecording } from '@core/catalog/repositories/files/processing';

function sizeOnDisk(lib: Library, rel: string): number | null {
  try {
    const st = statSync(lib.paths.abs(rel));
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

/** True when processing can bring a `missing` recording back: its source is there, as the catalog knows it. */
export function remakeable(lib: Library, recordingId: number): boolean {
  const files = filesOfRecording(lib.sqlite, recordingId);
  const source = files.find((f) => f.kind === 'source');
  if (!source || sizeOnDisk(lib, source.relPath) !== source.size) return false;
  // A quarantined file is the person's own, not an output: gone, it is not ours to remake.
  return files.every((f) => f.kind !== 'quarantine' || sizeOnDisk(lib, f.relPath) !== null);
}
