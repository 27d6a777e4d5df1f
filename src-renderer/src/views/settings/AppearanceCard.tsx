import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languageChoice, setLanguageChoice } from '../../i18n';
import { isLanguage, LANGUAGE_NAMES, LANGUAGES, type LanguageChoice, pickLanguage } from '../../i18n/languages';
import { SavedMark } from './SavedMark';

/** The UI language (the system's by default); kept in this browser/app profile for now (NEEDS-FROM-CORE.md). */
export function AppearanceCard() {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<LanguageChoice>(languageChoice());
  const [saved, setSaved] = useState(false);
  const system = LANGUAGE_NAMES[pickLanguage(navigator.languages)];
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
              setSaved(true);
            }}
          >
            <option value="system">{t('settings.languageSystem', { name: system })}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {LANGUAGE_NAMES[l]}
              </option>
            ))}
          </select>
          <SavedMark shown={saved} />
        </span>
      </label>
    </div>
  );
}
