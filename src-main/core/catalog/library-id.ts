/**
 * The library id a catalog carries (set by the library identity module when a library is made or
 * first opened), read without the rest of the app: `catalog restore` compares the backup's id with
 * the library's so that a backup of another library is never restored over this one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';

/** The settings row that holds the id. The identity module writes it; this is the one place that reads it here. */
export const LIBRARY_ID_KEY = 'library.id';

export function readCatalogLibraryId(sqlite: Database.Database): string | null {
  try {
    const row = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(LIBRARY_ID_KEY) as { value: string } | undefined;
    return row?.value || null;
  } catch {
    return null; // no settings table (not ours, or damaged): nothing to compare
  }
}

/** The marker the identity module keeps at the root (`{"id": ...}`), beside the catalog. */
export const MARKER_FILE = '.reclib-library';

/** The library's id from its root marker: what a damaged catalog can no longer tell. */
export function readMarkerLibraryId(root: string): string | null {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(root, MARKER_FILE), 'utf8')) as { id?: unknown };
    return typeof v.id === 'string' && v.id ? v.id : null;
  } catch {
    return null;
  }
}
