import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelDownloadView, ModelsState, ModelView } from '@shared/channels/models';
import { api } from '../../api/client';
import { useFormat } from '../../i18n/useFormat';
import { errorMessage } from '../../lib/errors';

const POLL_MS = 500;

const percent = (part: number, whole: number) => Math.floor((part / Math.max(1, whole)) * 100);

interface Props {
  state: ModelsState;
  /** Reloads the list (after a change, and while a download runs). */
  onChanged: () => void;
}

/** The Whisper models: download (with progress and cancel), remove, or add a file the person has. */
export function ModelManager({ state, onChanged }: Props) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [addPath, setAddPath] = useState('');
  const running = state.downloads.some((d) => d.state === 'running');

  // A download is followed by reading the list again until it ends.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(onChanged, POLL_MS);
    return () => clearInterval(timer);
  }, [running, onChanged]);

  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    setNote(null);
    try {
      await work();
    } catch (err) {
      setError(errorMessage(err));
    }
    onChanged();
  };

  const add = (path: string) =>
    act(async () => {
      const m = await api['models:add']({ path });
      setAddPath('');
      setNote(t('transcriptionSettings.added', { name: m.name }));
    });

  const pick = () =>
    act(async () => {
      const res = await api['dialog:pick']({ kind: 'files', title: t('transcriptionSettings.addTitle') });
      const path = res.paths?.[0];
      if (path) await add(path);
    });

  const installedCount = state.models.filter((m) => m.state === 'installed').length;

  return (
    <section aria-labelledby="whisper-models-title">
      <h3 id="whisper-models-title">{t('transcriptionSettings.models')}</h3>
      <p className="muted">{t('transcriptionSettings.modelsIntro', { dir: state.dir })}</p>
      <p className="muted">{t('transcriptionSettings.installedCount', { count: installedCount })}</p>
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      {note ? <p role="status">{note}</p> : null}
      {state.downloads.map((d) => (
        <DownloadLine key={d.name} d={d} onCancel={() => void act(() => api['models:cancel']({ name: d.name }))} />
      ))}
      <table className="models-table">
        <thead>
          <tr>
            <th scope="col">{t('transcriptionSettings.colName')}</th>
            <th scope="col">{t('transcriptionSettings.colSize')}</th>
            <th scope="col">{t('transcriptionSettings.colState')}</th>
            <th scope="col">{t('transcriptionSettings.colActions')}</th>
          </tr>
        </thead>
        <tbody>
          {state.models.map((m) => (
            <ModelRow
              key={m.name}
              m={m}
              downloading={state.downloads.some((d) => d.name === m.name && d.state === 'running')}
              onDownload={() => void act(() => api['models:download']({ name: m.name }))}
              onRemove={() => void act(() => api['models:remove']({ name: m.name }))}
            />
          ))}
        </tbody>
      </table>
      <form
        className="field inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (addPath.trim()) void add(addPath.trim());
        }}
      >
        <span>{t('transcriptionSettings.addTitle')}</span>
        <span className="field-value">
          {window.reclib ? (
            <button type="button" onClick={() => void pick()}>
              {t('transcriptionSettings.addPick')}
            </button>
          ) : null}
          <input aria-label={t('transcriptionSettings.addPath')} placeholder={t('transcriptionSettings.addPath')} value={addPath} onChange={(e) => setAddPath(e.target.value)} />
          <button type="submit" disabled={!addPath.trim()}>
            {t('transcriptionSettings.addButton')}
          </button>
        </span>
      </form>
    </section>
  );
}

function ModelRow({ m, downloading, onDownload, onRemove }: { m: ModelView; downloading: boolean; onDownload: () => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const kind = m.multilingual === false ? t('transcriptionSettings.englishOnly') : m.inCatalog ? null : t('transcriptionSettings.ownModel');
  return (
    <tr>
      <th scope="row">
        {m.name}
        {kind ? <span className="muted"> ({kind})</span> : null}
      </th>
      <td>{fmt.bytes(m.bytes)}</td>
      <td>{t(`transcriptionSettings.state.${m.state}`, { percent: percent(m.partialBytes, m.bytes) })}</td>
      <td>
        {m.inCatalog && m.state !== 'installed' && !downloading ? (
          <button type="button" aria-label={`${m.state === 'partial' ? t('transcriptionSettings.resume') : t('transcriptionSettings.download')} ${m.name}`} onClick={onDownload}>
            {m.state === 'partial' ? t('transcriptionSettings.resume') : t('transcriptionSettings.download')}
          </button>
        ) : null}
        {m.state !== 'absent' && !downloading ? (
          <button type="button" aria-label={`${t('transcriptionSettings.remove')} ${m.name}`} onClick={onRemove}>
            {t('transcriptionSettings.remove')}
          </button>
        ) : null}
      </td>
    </tr>
  );
}

function DownloadLine({ d, onCancel }: { d: ModelDownloadView; onCancel: () => void }) {
  const { t } = useTranslation();
  const pct = percent(d.receivedBytes, d.totalBytes);
  if (d.state === 'running') {
    const label = t('transcriptionSettings.progress', { name: d.name, percent: pct });
    return (
      <p className="model-download">
        <progress max={100} value={pct} aria-label={label} /> <span>{label}</span>{' '}
        <button type="button" onClick={onCancel}>
          {t('transcriptionSettings.cancel')}
        </button>
      </p>
    );
  }
  if (d.state === 'failed') {
    return (
      <p className="form-error" role="alert">
        {t('transcriptionSettings.failed', { name: d.name, error: d.error ?? '' })}
      </p>
    );
  }
  if (d.state === 'cancelled') return <p className="muted">{t('transcriptionSettings.cancelled', { name: d.name })}</p>;
  return null;
}
