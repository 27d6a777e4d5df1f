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
import type { Library } from '../catalog/library';
import { NotFoundError } from '../services/recordings';
import { tagsOf } from './tags-of';

export { TagError };

export function metadataOf(lib: Library, id: number): RecordingMetadata {
  const row = lib.sqlite.prepare('SELECT description FROM recordings WHERE id = ?').get(id) as { description: string | null } | undefined;
  if (!row) throw new NotFoundError(`There is no recording #${id}`);
  return { id, description: row.description, tags: tagsOf(lib, [id]).get(id) ?? [] };
}

/** Sets (or with null/blank clears) a recording's description. */
export function setDescription(lib: Library, id: number, text: string | null): RecordingMetadata {
  const d = normalizeDescription(text);
  if (d !== null && d.length > DESCRIPTION_MAX) throw new TagError(`a description is at most ${DESCRIPTION_MAX} characters`);
  const res = lib.sqlite
    .prepare('UPDATE recordings SET description = ?, description_key = ?, updated_at = ? WHERE id = ?')
    .run(d, d === null ? null : searchKeyOf(d), Date.now(), id);
  if (res.changes === 0) throw new NotFoundError(`There is no recording #${id}`);
  lib.events.emit('library:changed', { reason: 'metadata', recordingIds: [id] });
  return metadataOf(lib, id);
}

/**
 * Adds and removes tags on many recordings in one transaction. An added tag a recording already
 * has in another case keeps its first spelling; removing a tag it does not have is no error.
 */
export function changeTags(lib: Library, ids: readonly number[], change: { add?: readonly string[]; remove?: readonly string[] }): TagReport {
  const add = (change.add ?? []).map(normalizeTag);
  const remove = (change.remove ?? []).map((t) => searchKeyOf(normalizeTag(t)));
  const report: TagReport = { updated: [], skipped: [] };
  const exists = lib.sqlite.prepare('SELECT 1 FROM recordings WHERE id = ?');
  const ins = lib.sqlite.prepare('INSERT INTO recording_tags (recording_id, tag, tag_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const del = lib.sqlite.prepare('DELETE FROM recording_tags WHERE recording_id = ? AND tag_key = ?');
  const countOf = lib.sqlite.prepare('SELECT COUNT(*) AS n FROM recording_tags WHERE recording_id = ?');
  const touch = lib.sqlite.prepare('UPDATE recordings SET updated_at = ? WHERE id = ?');
  const done: number[] = [];
  lib.sqlite.transaction(() => {
    for (const id of new Set(ids)) {
      if (!exists.get(id)) {
        report.skipped.push({ id, reason: `there is no recording #${id}` });
        continue;
      }
      for (const key of remove) del.run(id, key);
      for (const tag of add) ins.run(id, tag, searchKeyOf(tag));
      if ((countOf.get(id) as { n: number }).n > TAGS_PER_RECORDING) {
        throw new TagError(`a recording holds at most ${TAGS_PER_RECORDING} tags (#${id} would have more); nothing was changed`);
      }
      touch.run(Date.now(), id);
      done.push(id);
    }
  })();
  const tags = tagsOf(lib, done);
  const desc = lib.sqlite.prepare('SELECT description FROM recordings WHERE id = ?');
  for (const id of done) report.updated.push({ id, description: (desc.get(id) as { description: string | null }).description, tags: tags.get(id) ?? [] });
  if (done.length) lib.events.emit('library:changed', { reason: 'metadata', recordingIds: done });
  return report;
}
