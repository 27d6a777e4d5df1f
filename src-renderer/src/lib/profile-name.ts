import i18next from 'i18next';
import { BUILT_IN_PROFILE as BUILT_IN } from '@shared/domain';


/**
 * A profile's name as the person reads it: the built-in profile, while it still has the stored
 * name it was made with, in the person's language; any name a person gave stays as it is.
 */
export function profileName(p: { id: number; name: string }): string {
  return p.id === BUILT_IN.id && p.name === BUILT_IN.name ? i18next.t('profiles.defaultName') : p.name;
}
