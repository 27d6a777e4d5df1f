/**
 * Description and tags of recordings (catalog only: no file changes). Every change emits
 * library:changed so open lists and detail panels reload.
 */
import {
  DESCRIPTION_MAX,
  normalizeDescription,
  normalizeTag,
  type RecordingMetadata,
  TAGS_PER_RECORDING,
  TagError,
  type TagReport,
} from '@shared/metadata';
import { searchKeyOf } from '@shared/domain';
import { assertAvailable } from '../catalog/availability';
import type { Library } from '../catalog/library';
import { NotFoundError } from '@shared/errors';
import { addTag, descriptionOf, removeTag, tagCount, touchRecording, writeDescription } from '@core/catalog/repositories/recordings/metadata';
import { recordingExists } from '@core/catalog/repositories/recordings/detail';
import { tagsOf } from './tags-of';

export { TagError };

export function metadataOf(lib: Library, id: number): RecordingMetadata {
  const row = descriptionOf(lib.sqlite, id);
  if (!row) throw new NotFoundError(`There is no recording #${id}`);
  return { id, description: row.description, tags: tagsOf(lib, [id]).get(id) ?? [] };
}

/** Sets (or with null/blank clears) a recording's description. */
export function setDescription(lib: Library, id: number, text: string | null): RecordingMetadata {
  assertAvailable(lib);
  const d = normalizeDescription(text);
  if (d !== null && d.length > DESCRIPTION_MAX) throw new TagError(`a description is at most ${DESCRIPTION_MAX} characters`);
  if (!writeDescription(lib.sqlite, id, d, d === null ? null : searchKeyOf(d), Date.now())) throw new NotFoundError(`There is no recording #${id}`);
  lib.events.emit('library:changed', { reason: 'metadata', recordingIds: [id] });
  return metadataOf(lib, id);
}

/**
 * Adds and removes tags on many recordings in one transaction. An added tag a recording already
 * has in another case keeps its first spelling; removing a tag it does not have is no error.
 */
export function changeTags(lib: Library, ids: readonly number[], change: { add?: readonly string[]; remove?: readonly string[] }): TagReport {
  assertAvailable(lib);
  const add = (change.add ?? []).map(normalizeTag);
  const remove = (change.remove ?? []).map((t) => searchKeyOf(normalizeTag(t)));
  const report: TagReport = { updated: [], skipped: [] };
  const done: number[] = [];
  lib.sqlite.transaction(() => {
    for (const id of new Set(ids)) {
      if (!recordingExists(lib.sqlite, id)) {
        report.skipped.push({ id, reason: `there is no recording #${id}` });
        continue;
      }
      for (const key of remove) removeTag(lib.sqlite, id, key);
      for (const tag of add) addTag(lib.sqlite, id, tag, searchKeyOf(tag));
      if (tagCount(lib.sqlite, id) > TAGS_PER_RECORDING) {
        throw new TagError(`a recording holds at most ${TAGS_PER_RECORDING} tags (#${id} would have more); nothing was changed`);
      }
      touchRecording(lib.sqlite, id, Date.now());
      done.push(id);
    }
  })();
  const tags = tagsOf(lib, done);
  for (const id of done) report.updated.push({ id, description: descriptionOf(lib.sqlite, id)?.description ?? null, tags: tags.get(id) ?? [] });
  if (done.length) lib.events.emit('library:changed', { reason: 'metadata', recordingIds: done });
  return report;
}
