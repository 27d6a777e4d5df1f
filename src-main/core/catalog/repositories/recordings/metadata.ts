/** What a person adds to a recording: its description (recordings) and its tags (recording_tags). */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';

/** Tags of each recording, in the order they were added (one query for a page of rows). */
export function tagsOf(sqlite: Database.Database, ids: readonly number[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  if (!ids.length) return out;
  const rows = stmt(sqlite, 'SELECT recording_id AS r, tag FROM recording_tags WHERE recording_id IN (SELECT value FROM json_each(?)) ORDER BY rowid')
    .all(JSON.stringify(ids)) as { r: number; tag: string }[];
  for (const { r, tag } of rows) out.set(r, [...(out.get(r) ?? []), tag]);
  return out;
}

/** The recording's description; null when there is no such recording. */
export function descriptionOf(sqlite: Database.Database, id: number): { description: string | null } | null {
  return (stmt(sqlite, 'SELECT description FROM recordings WHERE id = ?').get(id) as { description: string | null } | undefined) ?? null;
}

/** Sets the description and its search key; false when there is no such recording. */
export function writeDescription(sqlite: Database.Database, id: number, description: string | null, descriptionKey: string | null, at: number): boolean {
  return stmt(sqlite, 'UPDATE recordings SET description = ?, description_key = ?, updated_at = ? WHERE id = ?').run(description, descriptionKey, at, id).changes > 0;
}

/** Adds a tag; one the recording already has (same key, another case) keeps its first spelling. */
export function addTag(sqlite: Database.Database, id: number, tag: string, tagKey: string): void {
  stmt(sqlite, 'INSERT INTO recording_tags (recording_id, tag, tag_key) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(id, tag, tagKey);
}

export function removeTag(sqlite: Database.Database, id: number, tagKey: string): void {
  stmt(sqlite, 'DELETE FROM recording_tags WHERE recording_id = ? AND tag_key = ?').run(id, tagKey);
}

export function tagCount(sqlite: Database.Database, id: number): number {
  return (stmt(sqlite, 'SELECT COUNT(*) AS n FROM recording_tags WHERE recording_id = ?').get(id) as { n: number }).n;
}

/** Marks the recording changed (its tags changed: the row itself did not). */
export function touchRecording(sqlite: Database.Database, id: number, at: number): void {
  stmt(sqlite, 'UPDATE recordings SET updated_at = ? WHERE id = ?').run(at, id);
}
