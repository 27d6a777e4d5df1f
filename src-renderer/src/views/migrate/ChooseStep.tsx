import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { MigrateRunInfo } from '@shared/channels/migrate';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useMigrate } from '../../store/migrate';
import { startJob } from './useFollowJob';

/** Step 1: the legacy folder to scan, and the earlier runs to reopen. */
export function ChooseStep() {
  const { t } = useTranslation();
  const mediaDir = useMigrate((s) => s.mediaDir);
  const set = useMigrate((s) => s.set);
  const [runs, setRuns] = useState<MigrateRunInfo[]>([]);

  useEffect(() => {
    api['migrate:runs']({ limit: 20 }).then(setRuns, () => setRuns([]));
  }, []);

  const openRun = async (runId: string) => {
    try {
      const { run, plan } = await api['migrate:get']({ runId });
      set({ run, plan, mediaDir: run.mediaDir, error: null, step: run.state === 'planned' ? 'plan' : run.state === 'undone' ? 'undone' : 'report' });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  };
  const browse = async () => {
    try {
      const res = await api['dialog:pick']({ kind: 'folder', title: t('migrate.pickerTitle') });
      if (res.paths?.[0]) set({ mediaDir: res.paths[0] });
      else if (res.paths === null && !window.reclib) set({ error: t('migrate.noPicker') });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  };
  const earlier = runs.filter((r) => r.state !== 'planned');

  return (
    <div className="migrate-choose">
      <p className="muted">
        <Trans i18nKey="migrate.intro" components={{ code: <code /> }} />
      </p>
      <label className="field">
        <span>{t('migrate.folder')}</span>
        <input aria-label={t('migrate.folder')} value={mediaDir} onChange={(e) => set({ mediaDir: e.target.value })} placeholder={t('migrate.folderPlaceholder')} spellCheck={false} />
      </label>
      <div className="row gap">
        <button onClick={() => void browse()}>{t('common.chooseFolder')}</button>
        <button className="primary" disabled={!mediaDir.trim()} onClick={() => void startJob('scanning', () => api['migrate:plan']({ mediaDir: mediaDir.trim() }))}>
          {t('migrate.scan')}
        </button>
      </div>
      {earlier.length ? (
        <>
          <h3>{t('migrate.earlierRuns')}</h3>
          <ul className="migrate-runs" aria-label={t('migrate.earlierRuns')}>
            {earlier.map((r) => (
              <li key={r.id} className="row between">
                <span>
                  <code>{r.id}</code> · {r.mediaDir} · <span className={`pill pill-${r.state}`}>{t(`migrate.runState.${r.state}`)}</span>
                </span>
                <button onClick={() => void openRun(r.id)}>{t('common.open')}</button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
