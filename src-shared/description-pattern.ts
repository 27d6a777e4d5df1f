/**
 * A template's description pattern (issue 16): the description a recording imported into the
 * template gets when it has none. Shared so the core writes and the editor explains the same words.
 */
export const DESCRIPTION_PATTERN_MAX = 500;

/** The placeholders a pattern knows; anything else in braces stays as written. */
export const DESCRIPTION_PLACEHOLDERS = ['name', 'date', 'template'] as const;
export type DescriptionPlaceholder = (typeof DESCRIPTION_PLACEHOLDERS)[number];

/**
 * "{template}: {name}, {date}" with the recording's values. One pass over the pattern, so a value
 * that itself holds "{date}" (a display name can) is not expanded again.
 */
export function expandDescriptionPattern(pattern: string, values: Record<DescriptionPlaceholder, string>): string {
  return pattern.normalize('NFC').replace(/\{(name|date|template)\}/g, (_, key: DescriptionPlaceholder) => values[key].normalize('NFC'));
}
