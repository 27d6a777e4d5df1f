/** The template editor's Processing section: trim thresholds and the after-import / after-processing switches, each able to fall back to the library. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibrarySettings } from '@shared/settings';
import { api } from '../../api/client';
import './processing.css';
import { DescriptionPatternField } from './DescriptionPatternField';
import { NUMBER_KEYS, type NumberKey, parseNumber, type ProcessingDraft, RANGES, SWITCH_KEYS, type Switch, type SwitchKey } from './processing-draft';

function useLibrarySettings(): LibrarySettings | null {
  const [settings, setSettings] = useState<LibrarySettings | null>(null);
  useEffect(() => {
    let live = true;
    api['settings:get']({}).then(
      (s) => live && setSettings(s),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return settings;
}

export function ProcessingFields({ value, onChange }: { value: ProcessingDraft; onChange: (v: ProcessingDraft) => void }) {
  const { t } = useTranslation();
  const lib = useLibrarySettings();
  const libNumber = (k: NumberKey) => {
    if (!lib) return '';
    const v = lib.trim[k];
    return k === 'noiseDb' ? t('tplProcessing.value.noiseDb', { value: v }) : t('tplProcessing.value.seconds', { value: v });
  };
  const libSwitch = (k: SwitchKey) => {
    const on = k === 'autoTranscribe' ? (lib?.transcription.afterProcessing ?? false) : false;
    return on ? t('tplProcessing.on') : t('tplProcessing.off');
  };
  return (
    <fieldset className="tpl-processing">
      <legend>{t('tplProcessing.section')}</legend>
      <p className="muted">{t('tplProcessing.intro')}</p>
      {NUMBER_KEYS.map((k) => {
        const bad = Number.isNaN(parseNumber(k, value.numbers[k]));
        return (
          <label className="field" key={k}>
            <span>{t(`tplProcessing.${k}`)}</span>
            <input
              inputMode="decimal"
              aria-label={t(`tplProcessing.${k}`)}
              placeholder={lib ? t('tplProcessing.inheritValue', { value: libNumber(k) }) : undefined}
              value={value.numbers[k]}
              aria-invalid={bad}
              onChange={(e) => onChange({ ...value, numbers: { ...value.numbers, [k]: e.target.value } })}
            />
            {bad ? <span className="field-error">{t('tplProcessing.invalid', RANGES[k])}</span> : null}
          </label>
        );
      })}
      {SWITCH_KEYS.map((k) => (
        <label className="field" key={k}>
          <span>{t(`tplProcessing.${k}`)}</span>
          <select aria-label={t(`tplProcessing.${k}`)} value={value.switches[k]} onChange={(e) => onChange({ ...value, switches: { ...value.switches, [k]: e.target.value as Switch } })}>
            <option value="inherit">{t('tplProcessing.inherit', { value: libSwitch(k) })}</option>
            <option value="on">{t('tplProcessing.on')}</option>
            <option value="off">{t('tplProcessing.off')}</option>
          </select>
        </label>
      ))}
      <DescriptionPatternField value={value.descriptionPattern} onChange={(descriptionPattern) => onChange({ ...value, descriptionPattern })} />
    </fieldset>
  );
}
