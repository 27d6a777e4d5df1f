import 'i18next';
import type { en } from './locales/en/index';

// Message keys are checked at compile time against the English resources.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    returnNull: false;
    nsSeparator: false;
  }
}
