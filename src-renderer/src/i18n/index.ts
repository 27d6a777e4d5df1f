/**
 * The one i18n layer: i18next with English and Russian. Plural forms come from Intl.PluralRules
 * (Russian: one/few/many), numbers in messages are formatted with Intl ({{count, number}}).
 * The language follows the browser/OS (navigator.languages) unless the person chose one in
 * Settings; that choice is stored with the app settings (ui.language, store/uiSettings.ts) and
 * copied to localStorage only to paint the first frame in it.
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { type Language, type LanguageChoice, isLanguage, pickLanguage } from './languages';
import { resources } from './resources';

const STORAGE_KEY = 'reclib.language';

export function languageChoice(): LanguageChoice {
  const v = localStorage.getItem(STORAGE_KEY);
  return v !== null && isLanguage(v) ? v : 'system';
}

function resolve(choice: LanguageChoice): Language {
  return choice === 'system' ? pickLanguage(navigator.languages.length ? navigator.languages : [navigator.language]) : choice;
}

function applyToDocument(lng: string): void {
  document.documentElement.lang = lng;
}

void i18next.use(initReactI18next).init({
  resources,
  lng: resolve(languageChoice()),
  fallbackLng: 'en',
  supportedLngs: ['en', 'ru'],
  nsSeparator: false,
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});
applyToDocument(i18next.language);
i18next.on('languageChanged', applyToDocument);

// The OS language can change while the app runs; follow it unless the person chose one.
window.addEventListener('languagechange', () => {
  if (languageChoice() === 'system') void i18next.changeLanguage(resolve('system'));
});

export function setLanguageChoice(choice: LanguageChoice): void {
  if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, choice);
  // The same language again (the stored choice adopted at start) re-renders nothing.
  const lng = resolve(choice);
  if (lng !== i18next.language) void i18next.changeLanguage(lng);
}

export const i18n = i18next;
