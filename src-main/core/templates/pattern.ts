/** A template's description pattern filled in for one recording (import writes it, the detail panel recognises it). */
import { expandDescriptionPattern } from '@shared/description-pattern';
import { DESCRIPTION_MAX, normalizeDescription } from '@shared/metadata';
import { localDate } from '../export/safe-name';

/**
 * The description a pattern gives a recording, as setDescription would store it (NFC, trimmed,
 * at most DESCRIPTION_MAX characters); null when it comes out blank. {date} is the recording's
 * start as a local calendar date, the same one export puts in file names.
 */
export function describedBy(pattern: string, templateName: string, rec: { displayName: string; startTime: number }): string | null {
  const text = expandDescriptionPattern(pattern, { name: rec.displayName, date: localDate(new Date(rec.startTime).toISOString()), template: templateName });
  const d = normalizeDescription(text);
  if (d === null || d.length <= DESCRIPTION_MAX) return d;
  // A long name repeated by the pattern: cut to the limit, never inside a surrogate pair.
  return d.slice(0, DESCRIPTION_MAX).replace(/[\uD800-\uDBFF]$/, '');
}

