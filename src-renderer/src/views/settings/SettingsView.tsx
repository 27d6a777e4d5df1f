import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibrarySettings } from '@shared/settings';
import { PROCESSING_CONCURRENCY, RETENTION_DAYS, TRIM_MIN_SILENCE_SEC, TRIM_NOISE_DB, TRIM_PADDING_SEC, TRIM_WINDOW_SEC } from '@shared/settings-values';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useLibrary } from '../../store/library';
import { AppearanceCard } from './AppearanceCard';
import { AppSettingsCard } from './AppSettingsCard';
import { InboxCard } from './InboxCard';
import { NumberSetting } from './NumberSetting';
import { ProfilesCard } from './ProfilesCard';
import { RelocateCard } from './RelocateCard';
import { TranscriptionCard } from './TranscriptionCard';

export function SettingsView() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<LibrarySettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const info = useLibrary((s) => s.info);
  useEffect(() => {
    api['settings:get']({}).then(setSettings, (e: unknown) => setError(errorMessage(e)));
  }, []);
  if (!settings) return <section className="view">{error ?? t('common.loading')}</section>;

  const save = async (patch: Record<string, unknown>): Promise<boolean> => {
    try {
      setSettings(await api['settings:update']({ patch }));
      setError(null);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    }
  };

  return (
    <section className="view settings-view" aria-label={t('settings.title')}>
      <header className="view-head">
        <h1>{t('settings.title')}</h1>
      </header>
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      <AppearanceCard />
      <div className="card">
        <h2>{t('settings.library')}</h2>
        <p className="muted">{info?.root}</p>
        <p className="muted">{t('settings.schema', { version: info?.schemaVersion ?? '' })}</p>
        <NumberSetting label={t('settings.retention')} value={settings.retentionDays} bounds={RETENTION_DAYS} onCommit={(v) => save({ retentionDays: v })} />
        {/* 0 reads as "for ever" to some: said plainly, since the daily trash cleanup then removes everything in it. */}
        {settings.retentionDays === 0 ? (
          <p className="banner warn" role="note">
            {t('settings.retentionZero')}
          </p>
        ) : null}
      </div>
      <ProfilesCard />
      <InboxCard />
      <AppSettingsCard />
      <RelocateCard />
      <div className="card">
        <h2>{t('settings.trimming')}</h2>
        <NumberSetting label={t('settings.noiseDb')} value={settings.trim.noiseDb} bounds={TRIM_NOISE_DB} onCommit={(v) => save({ trim: { noiseDb: v } })} />
        <NumberSetting label={t('settings.minSilence')} value={settings.trim.minSilenceSec} bounds={TRIM_MIN_SILENCE_SEC} step={0.5} onCommit={(v) => save({ trim: { minSilenceSec: v } })} />
        <NumberSetting label={t('settings.padding')} value={settings.trim.paddingSec} bounds={TRIM_PADDING_SEC} step={0.5} onCommit={(v) => save({ trim: { paddingSec: v } })} />
        <NumberSetting label={t('settings.window')} value={settings.trim.windowSec} bounds={TRIM_WINDOW_SEC} step={30} onCommit={(v) => save({ trim: { windowSec: v } })} />
        <NumberSetting label={t('settings.concurrency')} value={settings.processing.concurrency} bounds={PROCESSING_CONCURRENCY} onCommit={(v) => save({ processing: { concurrency: v } })} />
      </div>
      <TranscriptionCard settings={settings.transcription} save={save} />
    </section>
  );
}
