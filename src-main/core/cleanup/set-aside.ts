/**
 * Files a cleanup set aside in trash/<day>/<where they were>: listed with where they came from and
 * when retention removes them, and a media file among them can become a recording again. Its
 * import copies it (the set-aside file stays until retention, as any trash does): a copy needs no
 * new step in the moves that keep a library whole, and the person can still empty it at once.
 */
import type { SetAsideEntry } from '@shared/channels/integrity';
import { listQuarantined } from '@core/catalog/repositories/cleanup';
import type { Library } from '@core/catalog/library';
import { retentionDays } from '@core/trash/trash';
import { extOf, MEDIA_EXTENSIONS } from '@core/import/discover';
import { quarantineDay } from './plan';

const DAY_MS = 86_400_000;

export function listSetAside(lib: Library): SetAsideEntry[] {
  return listQuarantined(lib.sqlite)
    .map((q) => {
      const day = quarantineDay(q.relPath);
      return {
        id: q.id,
        path: q.relPath,
        from: q.relPath.replace(/^trash\/\d{4}-\d{2}-\d{2}\//, ''),
        setAsideAt: day === null ? null : new Date(day).toISOString(),
        purgeAt: day === null ? null : new Date(day + retentionDays(lib, q.profileId) * DAY_MS).toISOString(),
        bytes: q.size,
        profileId: q.profileId,
        importable: MEDIA_EXTENSIONS.has(extOf(q.relPath)),
      };
    })
    .sort((a, b) => (b.setAsideAt ?? '').localeCompare(a.setAsideAt ?? '') || a.from.localeCompare(b.from));
}
