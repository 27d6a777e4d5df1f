import type Database from 'better-sqlite3';
import { type LibrarySettings, librarySettingsSchema } from '@shared/settings';
import { pluckStmt, stmt } from '../../statements';

const KEY = 'library';

// Plain statements, not drizzle: the first drizzle query of a process costs more than the CLI's
// whole catalog work, and every command that imports or processes reads the settings.
export function readLibrarySettings(sqlite: Database.Database): LibrarySettings {
  const value = pluckStmt(sqlite, 'SELECT value FROM settings WHERE key = ?').get(KEY) as string | undefined;
  const stored: unknown = value === undefined ? {} : JSON.parse(value);
  const parsed = librarySettingsSchema().safeParse(stored);
  // A setting written by another version that no longer validates falls back to defaults, not to a crash.
  return parsed.success ? parsed.data : librarySettingsSchema().parse({});
}

export function writeLibrarySettings(sqlite: Database.Database, patch: unknown): LibrarySettings {
  const current = readLibrarySettings(sqlite);
  const next = librarySettingsSchema().parse(deepMerge(current, patch));
  stmt(sqlite, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(KEY, JSON.stringify(next));
  return next;
}

function deepMerge(base: unknown, patch: unknown): unknown {
  if (typeof base !== 'object' || base === null || typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return patch === undefined ? base : patch;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) out[k] = deepMerge(out[k], v);
  return out;
}
