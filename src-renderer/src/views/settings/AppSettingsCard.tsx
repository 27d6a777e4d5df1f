import { errorMessage } from '../../lib/errors';
import { useEffect, useState } from 'react';
import { LOG_LEVELS, type AppSettings, type LogLevel } from '@shared/settings';
import { api } from '../../api/client';
import { useLibrary } from '../../store/library';
import { useRecordings } from '../../store/recordings';

/** App-level settings: the log level and the libraries this app knows, to switch between them. */
export function AppSettingsCard() {
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
      useRecordings.getState().reload();
      setSettings(await api['app:settings']({}));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const browse = async () => {
    const res = await api['dialog:pick']({ kind: 'folder', title: 'Choose or create a library folder' });
    if (res.paths?.[0]) setOther(res.paths[0]);
  };

  if (!settings) return null;
  return (
    <div className="card">
      <h2>App</h2>
      <label className="field inline">
        <span>Log level</span>
        <select
          value={settings.logLevel}
          onChange={(e) => void api['app:updateSettings']({ logLevel: e.target.value as LogLevel }).then(setSettings)}
        >
          {LOG_LEVELS.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </select>
      </label>
      <h3 className="sub">Libraries</h3>
      <ul className="libraries">
        {settings.libraries.map((l) => (
          <li key={l}>
            <span className="path" title={l}>{l}</span>
            {l === current ? <span className="pill pill-done">open</span> : <button onClick={() => void open(l)}>Open</button>}
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
        <input className="grow" aria-label="Library folder to open" placeholder="/path/to/another library" value={other} onChange={(e) => setOther(e.target.value)} />
        {window.reclib ? <button type="button" onClick={() => void browse()}>Choose…</button> : null}
        <button type="submit" disabled={!other.trim()}>Open library</button>
        <button type="button" disabled={!other.trim()} onClick={() => void open(other.trim(), true)}>Create a new library there</button>
      </form>
      {error ? <div className="banner error">{error}</div> : null}
    </div>
  );
}
