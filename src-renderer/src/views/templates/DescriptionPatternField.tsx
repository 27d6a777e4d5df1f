/** The template's description pattern: what a recording imported into it is described as, when nobody has described it. */
import { useTranslation } from 'react-i18next';
import { DESCRIPTION_PATTERN_MAX } from '@shared/description-pattern';

export function DescriptionPatternField({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const tooLong = value.trim().length > DESCRIPTION_PATTERN_MAX;
  return (
    <label className="field tpl-description-pattern">
      <span>{t('tplProcessing.descriptionPattern')}</span>
      <input
        aria-label={t('tplProcessing.descriptionPattern')}
        aria-describedby="tpl-description-pattern-hint"
        placeholder={t('tplProcessing.descriptionPatternExample')}
        value={value}
        aria-invalid={tooLong}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id="tpl-description-pattern-hint" className="muted">
        {t('tplProcessing.descriptionPatternHint')}
      </span>
      {tooLong ? <span className="field-error">{t('tplProcessing.descriptionPatternTooLong', { max: DESCRIPTION_PATTERN_MAX })}</span> : null}
    </label>
  );
}
