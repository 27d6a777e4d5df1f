import { en } from './locales/en/index';
import { ru } from './locales/ru/index';

/** Every language's messages; English is the reference every other language must match key for key. */
export const resources = {
  en: { translation: en },
  ru: { translation: ru },
} as const;
