/**
 * The cleanup schedule's own entry in the settings table (last run and result per kind): kept in
 * the catalog so it survives restarts and travels with the library. Stored as JSON text; the
 * scheduler owns its shape.
 */
import type Database from 'better-sqlite3';
import { stmt } from '../../statements';

export function readSettingText(sqlite: Database.Database, key: string): string | null {
  const row = stmt(sqlite, 'SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function writeSettingText(sqlite: Database.Database, key: string, value: string): void {
  stmt(sqlite, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}
