/**
 * Renaming a recording re-matches its template, so this lives apart from the reads in
 * `recordings.ts`: `reclib list` would otherwise load the template rules and their zod schemas.
 */
import { NotFoundError } from '@shared/errors';
import type { RecordingDetail } from '@shared/domain';
import { writeDisplayName } from '@core/catalog/repositories/recordings/detail';
import { matchRecording } from '../templates/match';
import { assertAvailable } from '../catalog/availability';
import type { Library } from '../catalog/library';
import { getRecording } from './recordings';

/** Like every change, only while the library is proven online: the app says nothing changes meanwhile. */
export function renameRecording(lib: Library, id: number, displayName: string): RecordingDetail {
  assertAvailable(lib);
  const name = displayName.normalize('NFC').trim();
  if (!writeDisplayName(lib.sqlite, id, name, Date.now())) throw new NotFoundError(`There is no recording #${id}`);
  matchRecording(lib, id); // the template follows the new name, unless it was chosen by hand
  lib.events.emit('library:changed', { reason: 'renamed', recordingIds: [id] });
  return getRecording(lib, id);
}
