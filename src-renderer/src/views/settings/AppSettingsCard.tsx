import { errorMessage } from '../../lib/errors';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppSettings } from '@shared/settings';
import { LOG_LEVELS, type LogLevel } from '@shared/settings-values';
import { api } from '../../api/client';
import { useLibrary } from '../../store/library';
import { useRecordings } from '../../store/recordings';

/** App-level settings: the log level and the libraries this app knows, to switch between them. */
export function AppSettingsCard() {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [other, setOther] = useState('');
  const [error, setError] = useState<string | null>(null);
  const current = useLibrary((s) => s.info?.root);
  useEffect(() => {
    api['app:settings']({}).then(setSettings, (e: unknown) => setError(errorMessage(e)));
  }, [current]);

  const open = async (root: string, create = false) => {
    try {
      // Opening never creates: a new library is only made by the explicit Create button.
      if (create) await api['library:create']({ root, confirm: true });
      else await api['library:open']({ root });
      setError(null);
      setOther('');
      await useLibrary.getState().refresh();
      await useLibrary.getState().refreshStorage();
      useRecordings.getState().reload(true); // another library: none of these rows
      useRecordings.getState().select(null);
      setSettings(await api['app:settings']({}));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const browse = async () => {
    const res = await api['dialog:pick']({ kind: 'folder', title: t('appSettings.pickerTitle') });
    if (res.paths?.[0]) setOther(res.paths[0]);
  };

  if (!settings) return null;
  return (
    <div className="card">
      <h2>{t('appSettings.title')}</h2>
      <label className="field inline">
        <span>{t('appSettings.logLevel')}</span>
        <select
          value={settings.logLevel}
          onChange={(e) => void api['app:updateSettings']({ logLevel: e.target.value as LogLevel }).then(setSettings)}
        >
          {LOG_LEVELS.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
      <h3 className="sub">{t('appSettings.libraries')}</h3>
      <ul className="libraries">
        {settings.libraries.map((l) => (
          <li key={l}>
            <span className="path" title={l}>{l}</span>
            {l === current ? <span className="pill pill-done">{t('appSettings.current')}</span> : <button aria-label={t('appSettings.openNamed', { path: l })} onClick={() => void open(l)}>{t('appSettings.open')}</button>}
          </li>
        ))}
      </ul>
      <form
        className="row gap"
        onSubmit={(e) => {
          e.preventDefault();
          if (other.trim()) void open(other.trim());
        }}
      >
        <input className="grow" aria-label={t('appSettings.other')} placeholder={t('appSettings.otherPlaceholder')} value={other} onChange={(e) => setOther(e.target.value)} />
        {window.reclib ? <button type="button" onClick={() => void browse()}>{t('appSettings.choose')}</button> : null}
        <button type="submit" disabled={!other.trim()}>{t('appSettings.openLibrary')}</button>
        <button type="button" disabled={!other.trim()} onClick={() => void open(other.trim(), true)}>{t('appSettings.create')}</button>
      </form>
      {error ? <div className="banner error">{error}</div> : null}
    </div>
  );
}
