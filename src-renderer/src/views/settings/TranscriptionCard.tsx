import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EngineAvailability, ModelsState } from '@shared/channels/models';
import type { LibrarySettings } from '@shared/settings';
import { api } from '../../api/client';
import { ReasonText } from '../../components/ReasonText';
import { errorMessage } from '../../lib/errors';
import { ModelManager } from './ModelManager';
import { SavedMark } from './SavedMark';

/** The languages offered besides "auto"; any ISO code stays valid through the CLI. */
const LANGUAGES = ['en', 'ru', 'uk', 'de', 'fr', 'es', 'zh', 'ja'] as const;
const DEFAULT_MODEL = 'base';

type Field = 'engine' | 'model' | 'language' | 'afterProcessing';

interface Props {
  settings: LibrarySettings['transcription'];
  save: (patch: Record<string, unknown>) => Promise<boolean>;
}

/** Settings → Transcription: which engine, model and language, and whether processing ends with a transcript. */
export function TranscriptionCard({ settings, save }: Props) {
  const { t } = useTranslation();
  const [engines, setEngines] = useState<EngineAvailability[]>([]);
  const [models, setModels] = useState<ModelsState | null>(null);
  const [saved, setSaved] = useState<Field | null>(null);
  const [error, setError] = useState<string | null>(null);

  const loadModels = useCallback(async () => {
    try {
      setModels(await api['models:list']({}));
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  const loadEngines = useCallback(() => {
    api['models:engines']({}).then(setEngines, (err: unknown) => setError(errorMessage(err)));
  }, []);
  const reload = useCallback(() => {
    void loadModels();
    loadEngines();
  }, [loadModels, loadEngines]);
  useEffect(reload, [reload]);

  const change = async (field: Field, patch: Partial<LibrarySettings['transcription']>) => {
    setSaved(null);
    if (await save({ transcription: patch })) {
      setSaved(field);
      if (field === 'engine' || field === 'model') loadEngines();
    }
  };

  const availability = (name: 'whisper' | 'pocketsphinx') => {
    const e = engines.find((x) => x.name === name);
    if (!e) return '';
    return ` — ${e.ok ? t('transcriptionSettings.available') : t('transcriptionSettings.unavailable')}`;
  };
  const current = engines.find((x) => x.name === settings.engine);
  const installed = models?.models.filter((m) => m.state === 'installed') ?? [];
  const modelMissing = settings.model !== null && !installed.some((m) => m.name === settings.model);

  return (
    <section className="card" aria-labelledby="transcription-settings-title">
      <h2 id="transcription-settings-title">{t('transcriptionSettings.title')}</h2>
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      <label className="field inline">
        <span>{t('transcriptionSettings.engine')}</span>
        <span className="field-value">
          <select value={settings.engine} onChange={(e) => void change('engine', { engine: e.target.value === 'pocketsphinx' ? 'pocketsphinx' : 'whisper' })}>
            <option value="whisper">
              {t('transcriptionSettings.whisper')}
              {availability('whisper')}
            </option>
            <option value="pocketsphinx">
              {t('transcriptionSettings.pocketsphinx')}
              {availability('pocketsphinx')}
            </option>
          </select>
          <SavedMark shown={saved === 'engine'} />
        </span>
      </label>
      {current && !current.ok ? (
        <p className="muted" role="note">
          <ReasonText text={[current.reason, current.howToFix].filter(Boolean).join(' ')} />
        </p>
      ) : null}
      <label className="field inline">
        <span>{t('transcriptionSettings.model')}</span>
        <span className="field-value">
          <select value={settings.model ?? ''} disabled={settings.engine !== 'whisper'} onChange={(e) => void change('model', { model: e.target.value === '' ? null : e.target.value })}>
            <option value="">{t('transcriptionSettings.defaultModel', { name: DEFAULT_MODEL })}</option>
            {installed.map((m) => (
              <option key={m.name} value={m.name}>
                {m.name}
              </option>
            ))}
            {modelMissing && settings.model ? <option value={settings.model}>{t('transcriptionSettings.notInstalled', { name: settings.model })}</option> : null}
          </select>
          <SavedMark shown={saved === 'model'} />
        </span>
      </label>
      <label className="field inline">
        <span>{t('transcriptionSettings.language')}</span>
        <span className="field-value">
          <select value={settings.language} onChange={(e) => void change('language', { language: e.target.value })}>
            <option value="auto">{t('transcriptionSettings.languages.auto')}</option>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`transcriptionSettings.languages.${l}`)}
              </option>
            ))}
            {settings.language !== 'auto' && !(LANGUAGES as readonly string[]).includes(settings.language) ? <option value={settings.language}>{settings.language}</option> : null}
          </select>
          <SavedMark shown={saved === 'language'} />
        </span>
      </label>
      <label className="field inline">
        <span>{t('transcriptionSettings.afterProcessing')}</span>
        <span className="field-value">
          <input type="checkbox" checked={settings.afterProcessing} onChange={(e) => void change('afterProcessing', { afterProcessing: e.target.checked })} />
          <SavedMark shown={saved === 'afterProcessing'} />
        </span>
      </label>
      {models ? (
        <ModelManager state={models} onChanged={reload} />
      ) : null}
    </section>
  );
}
