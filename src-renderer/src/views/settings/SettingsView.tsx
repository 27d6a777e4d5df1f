import { errorMessage } from '../../lib/errors';
import { useEffect, useState } from 'react';
import type { LibrarySettings } from '@shared/settings';
import { api } from '../../api/client';
import { AppSettingsCard } from './AppSettingsCard';
import { ProfilesCard } from './ProfilesCard';
import { useLibrary } from '../../store/library';

export function SettingsView() {
  const [settings, setSettings] = useState<LibrarySettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const info = useLibrary((s) => s.info);
  useEffect(() => {
    api['settings:get']({}).then(setSettings, (e: unknown) => setError(errorMessage(e)));
  }, []);
  if (!settings) return <section className="view">{error ?? 'Loading…'}</section>;

  const save = async (patch: Record<string, unknown>) => {
    try {
      setSettings(await api['settings:update']({ patch }));
      setSaved(true);
      setTimeout(() => setSaved(false), 1500);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const num = (label: string, value: number, onCommit: (v: number) => void, step = 1) => (
    <label className="field inline">
      <span>{label}</span>
      <input type="number" step={step} defaultValue={value} onBlur={(e) => Number(e.target.value) !== value && onCommit(Number(e.target.value))} />
    </label>
  );

  return (
    <section className="view settings-view" aria-label="Settings">
      <header className="view-head">
        <h1>Settings</h1>
        {saved ? <span className="muted">Saved</span> : null}
      </header>
      {error ? <div className="banner error">{error}</div> : null}
      <div className="card">
        <h2>Library</h2>
        <p className="muted">{info?.root}</p>
        <p className="muted">Catalog schema {info?.schemaVersion}</p>
        {num('Keep trashed recordings for (days)', settings.retentionDays, (v) => void save({ retentionDays: v }))}
      </div>
      <ProfilesCard />
      <AppSettingsCard />
      <div className="card">
        <h2>Silence trimming</h2>
        {num('Silence threshold (dB)', settings.trim.noiseDb, (v) => void save({ trim: { noiseDb: v } }))}
        {num('Minimum silence (s)', settings.trim.minSilenceSec, (v) => void save({ trim: { minSilenceSec: v } }), 0.5)}
        {num('Padding kept around speech (s)', settings.trim.paddingSec, (v) => void save({ trim: { paddingSec: v } }), 0.5)}
        {num('Longest silence looked for at each end (s)', settings.trim.windowSec, (v) => void save({ trim: { windowSec: v } }), 30)}
        {num('Processing jobs at once', settings.processing.concurrency, (v) => void save({ processing: { concurrency: v } }))}
      </div>
    </section>
  );
}
