import { useEffect, useState } from 'react';
import type { MigrateRunInfo } from '@shared/channels/migrate';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useMigrate } from '../../store/migrate';
import { startJob } from './useFollowJob';

/** Step 1: the legacy folder to scan, and the earlier runs to reopen. */
export function ChooseStep() {
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
      const res = await api['dialog:pick']({ kind: 'folder', title: 'Choose the old media folder' });
      if (res.paths?.[0]) set({ mediaDir: res.paths[0] });
      else if (res.paths === null && !window.reclib) set({ error: 'This browser cannot open a folder picker: type or paste the path instead.' });
    } catch (err) {
      set({ error: errorMessage(err) });
    }
  };
  const earlier = runs.filter((r) => r.state !== 'planned');

  return (
    <div className="migrate-choose">
      <p className="muted">
        Reclib reads the old <code>media/</code> folder, shows exactly what it would do, and moves nothing until you confirm. Every move is journaled and verified, and a run can be undone.
      </p>
      <label className="field">
        <span>Legacy media folder</span>
        <input aria-label="Legacy media folder" value={mediaDir} onChange={(e) => set({ mediaDir: e.target.value })} placeholder="/home/me/old-app/media" spellCheck={false} />
      </label>
      <div className="row gap">
        <button onClick={() => void browse()}>Choose folder…</button>
        <button className="primary" disabled={!mediaDir.trim()} onClick={() => void startJob('scanning', () => api['migrate:plan']({ mediaDir: mediaDir.trim() }))}>
          Scan
        </button>
      </div>
      {earlier.length ? (
        <>
          <h3>Earlier runs</h3>
          <ul className="migrate-runs" aria-label="Earlier runs">
            {earlier.map((r) => (
              <li key={r.id} className="row between">
                <span>
                  <code>{r.id}</code> · {r.mediaDir} · <span className={`pill pill-${r.state}`}>{r.state}</span>
                </span>
                <button onClick={() => void openRun(r.id)}>Open</button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
