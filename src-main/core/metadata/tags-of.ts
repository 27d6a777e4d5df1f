import type { Library } from '../catalog/library';

/** Tags of each recording, in the order they were added (one query for a page of rows). */
export function tagsOf(lib: Library, ids: readonly number[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (!ids.length) return out;
  const rows = lib.sqlite
    .prepare('SELECT recording_id AS r, tag FROM recording_tags WHERE recording_id IN (SELECT value FROM json_each(?)) ORDER BY rowid')
    .all(JSON.stringify(ids)) as { r: number; tag: string }[];
  for (const { r, tag } of rows) out.set(r, [...(out.get(r) ?? []), tag]);
  return out;
}
