import i18next from 'i18next';

/** The id and stored name of the profile every library starts with (catalog/library.ts). */
const BUILT_IN = { id: 1, name: 'Default' };

/**
 * A profile's name as the person reads it: the built-in profile, while it still has the stored
 * name it was made with, in the person's language; any name a person gave stays as it is.
 */
export function profileName(p: { id: number; name: string }): string {
  return p.id === BUILT_IN.id && p.name === BUILT_IN.name ? i18next.t('profiles.defaultName') : p.name;
}
