import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languageChoice, setLanguageChoice } from '../../i18n';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, type LanguageChoice, pickLanguage } from '../../i18n/languages';
import { setThemeChoice, type ThemeChoice, themeChoice } from '../../theme';
import { saveUiSettings } from '../../store/saveUiSettings';
import { SavedMark } from './SavedMark';

const THEMES = ['light', 'dark'] as const;

/** The UI language and the theme (the system's by default), stored with the app settings (ui); "Saved" once stored. */
export function AppearanceCard() {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<LanguageChoice>(languageChoice());
  const [theme, setTheme] = useState<ThemeChoice>(themeChoice());
  const [saved, setSaved] = useState<'language' | 'theme' | null>(null);
  const system = LANGUAGE_NAMES[pickLanguage(navigator.languages)];
  const systemTheme = window.matchMedia('(prefers-color-scheme: dark)').matches ? t('theme.dark') : t('theme.light');
  return (
    <div className="card">
      <h2>{t('settings.appearance')}</h2>
      <label className="field inline">
        <span>{t('settings.language')}</span>
        <span className="field-value">
          <select
            value={choice}
            onChange={(e) => {
              const v = e.target.value;
              const next: LanguageChoice = isLanguage(v) ? v : 'system';
              setChoice(next);
              setLanguageChoice(next);
              setSaved(null);
              saveUiSettings({ language: next }, { now: true }).then(
                () => setSaved('language'),
                () => setSaved(null),
              );
            }}
          >
            <option value="system">{t('settings.languageSystem', { name: system })}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
          <SavedMark shown={saved === 'language'} />
        </span>
      </label>
      <label className="field inline">
        <span>{t('theme.label')}</span>
        <span className="field-value">
          <select
            value={theme}
            onChange={(e) => {
              const v = e.target.value;
              const next: ThemeChoice = v === 'light' || v === 'dark' ? v : 'system';
              setTheme(next);
              setThemeChoice(next);
              setSaved(null);
              saveUiSettings({ theme: next }, { now: true }).then(
                () => setSaved('theme'),
                () => setSaved(null),
              );
            }}
          >
            <option value="system">{t('theme.system', { name: systemTheme })}</option>
            {THEMES.map((x) => (
              <option key={x} value={x}>
                {t(`theme.${x}`)}
              </option>
            ))}
          </select>
          <SavedMark shown={saved === 'theme'} />
        </span>
      </label>
    </div>
  );
}
