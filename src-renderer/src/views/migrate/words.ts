import type { TFunction } from 'i18next';

export type T = TFunction;

/** A profile the migration names (migrate/plan/places legacyProfileName) in the person's words. */
export function legacyProfileWords(name: string, t: T): string {
  const legacy = /^Legacy user (\d+)$/.exec(name);
  return name === 'Default' ? t('plan.defaultProfile') : legacy ? t('plan.legacyUser', { id: legacy[1] }) : name;
}
