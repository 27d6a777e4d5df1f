/**
 * The one i18n layer: i18next with English and Russian. Plural forms come from Intl.PluralRules
 * (Russian: one/few/many), numbers in messages are formatted with Intl ({{count, number}}).
 * The language follows the browser/OS (navigator.languages) unless the person chose one in
 * Settings; that choice is stored with the app settings (ui.language, store/uiSettings.ts) and
 * copied to localStorage only to paint the first frame in it. Each language's messages are a
 * chunk of their own, and a start loads only the one it shows (the page of `reclib serve` carries
 * the stored choice; the other language loads when a person switches to it).
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { peekValue } from '../api/first-screen';
import { type Language, type LanguageChoice, isLanguage, pickLanguage } from './languages';

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

const MESSAGES: Record<Language, () => Promise<Record<string, unknown>>> = {
  en: () => import('./locales/en/index').then((m) => m.en),
  ru: () => import('./locales/ru/index').then((m) => m.ru),
};

/** Loads a language's messages once; every other language stays unfetched. */
async function load(lng: Language): Promise<void> {
  if (!i18next.hasResourceBundle(lng, 'translation')) i18next.addResourceBundle(lng, 'translation', await MESSAGES[lng]());
}

/** Switches to a language once its messages are in (the UI never shows keys while they load). */
async function show(lng: Language): Promise<void> {
  await load(lng);
  if (lng !== i18next.language) await i18next.changeLanguage(lng);
}

// The stored choice the page carried wins over this browser's copy of it (a new browser has none).
const carried = peekValue('app:settings', {})?.ui.language;
const first = resolve(carried ?? languageChoice());

/** Resolves when the first language's messages are in: the app renders after it (main.tsx). */
export const i18nReady: Promise<void> = (async () => {
  // Fetched while the rest of the first script runs: the chunk is asked for before the app is built.
  const messages = MESSAGES[first]();
  await i18next.use(initReactI18next).init({
    resources: { [first]: { translation: await messages } },
    lng: first,
    fallbackLng: 'en',
    supportedLngs: ['en', 'ru'],
    nsSeparator: false,
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  applyToDocument(i18next.language);
  i18next.on('languageChanged', applyToDocument);
})();

// The OS language can change while the app runs; follow it unless the person chose one.
window.addEventListener('languagechange', () => {
  if (languageChoice() === 'system') void show(resolve('system'));
});

export function setLanguageChoice(choice: LanguageChoice): void {
  if (choice === 'system') localStorage.removeItem(STORAGE_KEY);
  else localStorage.setItem(STORAGE_KEY, choice);
  // The same language again (the stored choice adopted at start) re-renders nothing.
  void i18nReady.then(() => show(resolve(choice)));
}

export const i18n = i18next;
