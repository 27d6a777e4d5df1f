import { eq } from 'drizzle-orm';
import { type LibrarySettings, librarySettingsSchema } from '@shared/settings';
import type { Db } from '../../connection';
import { settings } from '../../schema';

const KEY = 'library';

export function readLibrarySettings(db: Db): LibrarySettings {
  const row = db.select().from(settings).where(eq(settings.key, KEY)).get();
  const stored: unknown = row ? JSON.parse(row.value) : {};
  const parsed = librarySettingsSchema().safeParse(stored);
  // A setting written by another version that no longer validates falls back to defaults, not to a crash.
  return parsed.success ? parsed.data : librarySettingsSchema().parse({});
}

export function writeLibrarySettings(db: Db, patch: unknown): LibrarySettings {
  const current = readLibrarySettings(db);
  const next = librarySettingsSchema().parse(deepMerge(current, patch));
  db.insert(settings)
    .values({ key: KEY, value: JSON.stringify(next) })
    .onConflictDoUpdate({ target: settings.key, set: { value: JSON.stringify(next) } })
    .run();
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
