/** Which processing settings apply to this recording, and whether each is the library's or its template's. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type EffectiveProcessing, PROCESSING_KEYS, type ProcessingKey } from '@shared/channels/templates';
import type { RecordingDetail } from '@shared/domain';
import { api, onEvent } from '../../../api/client';
import './processing-settings.css';

function useEffectiveProcessing(rec: RecordingDetail): EffectiveProcessing | null {
  const [value, setValue] = useState<EffectiveProcessing | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      api['recordings:processingSettings']({ id: rec.id }).then(
        (v) => live && setValue(v),
        () => live && setValue(null),
      );
    void load();
    // A template edit or a settings change elsewhere changes what applies.
    const off = onEvent('library:changed', () => void load());
    return () => {
      live = false;
      off();
    };
  }, [rec]);
  return value;
}

export function ProcessingSettings({ rec }: { rec: RecordingDetail }) {
  const { t } = useTranslation();
  const eff = useEffectiveProcessing(rec);
  if (!eff) return null;
  const shown = (k: ProcessingKey) => {
    const v = eff.values[k];
    if (typeof v === 'boolean') return v ? t('tplProcessing.on') : t('tplProcessing.off');
    return k === 'noiseDb' ? t('tplProcessing.value.noiseDb', { value: v }) : t('tplProcessing.value.seconds', { value: v });
  };
  return (
    <section className="processing-settings" aria-label={t('tplProcessing.detailLabel')}>
      <h3>{t('tplProcessing.detailTitle')}</h3>
      <dl className="facts">
        {PROCESSING_KEYS.map((k) => {
          const src = eff.sources[k];
          return (
            <div key={k} className="processing-setting" data-setting={k} data-from={src.from}>
              <dt>{t(`tplProcessing.${k}`)}</dt>
              <dd>
                {shown(k)} <span className="muted">({src.from === 'template' ? t('tplProcessing.fromTemplate', { name: src.templateName }) : t('tplProcessing.fromLibrary')})</span>
              </dd>
            </div>
          );
        })}
        {eff.descriptionFrom ? (
          <div className="processing-setting" data-setting="description" data-from="template">
            <dt>{t('tplProcessing.descriptionFrom')}</dt>
            <dd>
              {t('tplProcessing.descriptionFromPattern', { pattern: eff.descriptionFrom.pattern })}{' '}
              <span className="muted">({t('tplProcessing.fromTemplate', { name: eff.descriptionFrom.templateName })})</span>
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
