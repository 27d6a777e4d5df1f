/** Where a file sits in the legacy layout, read from its relative path alone. */

export const TEMP_REASON = 'temp_processing leftover: listed for cleanup';
/** The scope of the oldest, single-user generation (no user_<n> folder). */
export const OLDEST = 0;

export function legacyProfileName(user: number): string {
  return user === OLDEST ? 'Default' : `Legacy user ${user}`;
}

/**
 * Only files that can be compared with another (audio copies, thumbnails, templates, transcripts,
 * data.db) are hashed by the scan; originals and processed videos are hashed by their move, so a
 * large tree is read once less.
 */
export function needsScanHash(rel: string): boolean {
  return ['db', 'template', 'audio', 'transcript', 'thumbnail'].includes(placeOf(rel).t);
}

export type Place =
  | { t: 'db' }
  | { t: 'template'; name: string }
  | { t: 'original'; scope: number }
  | { t: 'processed'; scope: number }
  | { t: 'audio'; scope: number; preferred: boolean }
  | { t: 'temp'; scope: number }
  | { t: 'transcript'; scope: number; folder: string; inner: string }
  | { t: 'thumbnail'; scope: number }
  | { t: 'unknown' };

export function placeOf(rel: string): Place {
  const parts = rel.split('/');
  if (rel === 'data.db') return { t: 'db' };
  if (parts.length === 3 && parts[0] === 'templates' && parts[1] === 'thumbnails') return { t: 'template', name: parts[2] ?? '' };
  let scope = OLDEST;
  let rest = parts;
  const user = /^user_(\d{1,9})$/.exec(parts[0] ?? '');
  if (user?.[1]) {
    // user_4 and user_000004 are the same legacy user (the slug is the zero-padded id).
    scope = Number(user[1]);
    if (scope === OLDEST) return { t: 'unknown' };
    rest = parts.slice(1);
  }
  const [a, b] = rest;
  if (a === 'video' && rest.length === 3 && b === 'unprocessed') return { t: 'original', scope };
  if (a === 'video' && rest.length === 3 && b === 'processed') return { t: 'processed', scope };
  if (a === 'video' && rest.length >= 3 && b === 'temp_processing') return { t: 'temp', scope };
  if (a === 'audio' && rest.length === 3 && b === 'processed') return { t: 'audio', scope, preferred: true };
  if (a === 'processed_audio' && rest.length === 2) return { t: 'audio', scope, preferred: false };
  if (a === 'transcriptions' && rest.length >= 3 && b) return { t: 'transcript', scope, folder: parts.slice(0, parts.length - rest.length + 2).join('/'), inner: rest.slice(2).join('/') };
  if (a === 'thumbnails' && rest.length === 2) return { t: 'thumbnail', scope };
  return { t: 'unknown' };
}
