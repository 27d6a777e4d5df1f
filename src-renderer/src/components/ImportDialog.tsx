import { useEffect, useState } from 'react';
import type { JobInfo } from '../../../src-shared/jobs';
import { api } from '../api/client';
import { formatBytes, formatEta } from '../format';
import { useJobs } from '../store/jobs';
import { useLibrary } from '../store/library';
import { ProgressBar } from './ProgressBar';

interface Refusal {
  path: string;
  reason: string;
}

export function ImportDialog({ initialPaths, onClose }: { initialPaths: string[]; onClose: () => void }) {
  const [text, setText] = useState(initialPaths.join('\n'));
  const [move, setMove] = useState(false);
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const profiles = useLibrary((s) => s.info?.profiles ?? []);
  const [profileId, setProfileId] = useState(1);
  const job: JobInfo | undefined = useJobs((s) => (jobId !== null ? s.jobs.get(jobId) : undefined));

  useEffect(() => {
    if (initialPaths.length) setText(initialPaths.join('\n'));
  }, [initialPaths]);

  const paths = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

  const browse = async (kind: 'folder' | 'files') => {
    try {
      const res = await api['dialog:pick']({ kind, title: 'Choose recordings to import' });
      if (res.paths) setText([...paths, ...res.paths].join('\n'));
      else if (res.paths === null && !window.reclib) setError('This browser cannot open a file picker: type or paste the paths instead.');
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const start = async () => {
    setError(null);
    try {
      const res = await api['import:start']({ paths, move, profileId, force: false });
      setJobId(res.jobId);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const running = job && (job.state === 'running' || job.state === 'queued');
  const finished = job && !running;
  const skipped = (job?.summary.skipped ?? []) as Refusal[];
  const failed = (job?.summary.failed ?? []) as Refusal[];
  const warnings = (job?.summary.warnings ?? []) as Refusal[];
  const importedCount = typeof job?.summary.imported === 'number' ? job.summary.imported : 0;

  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="import-title">
        <h2 id="import-title">Import recordings</h2>
        {jobId === null ? (
          <>
            <label className="field">
              <span>Files or folders, one per line</span>
              <textarea aria-label="Paths to import" rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder="/home/me/Zoom" spellCheck={false} />
            </label>
            <div className="row gap">
              <button onClick={() => void browse('folder')}>Choose folder…</button>
              <button onClick={() => void browse('files')}>Choose files…</button>
            </div>
            <label className="check">
              <input type="checkbox" checked={move} onChange={(e) => setMove(e.target.checked)} /> Move instead of copy (originals are removed only after the library copy is verified)
            </label>
            {profiles.length > 1 ? (
              <label className="field">
                <span>Profile</span>
                <select value={profileId} onChange={(e) => setProfileId(Number(e.target.value))}>
                  {profiles.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </select>
              </label>
            ) : null}
          </>
        ) : null}
        {job ? (
          <div className="import-progress" aria-live="polite">
            <div className="row between">
              <span>{running ? (job.progress.current ?? 'Working…') : job.state === 'done' ? 'Import finished' : job.state === 'cancelled' ? 'Import cancelled' : 'Import failed'}</span>
              <span className="muted">
                {job.progress.done}/{job.progress.total} files · {formatBytes(job.progress.bytesDone)} of {formatBytes(job.progress.bytesTotal)}
                {running && job.progress.rate > 0 ? ` · ${formatBytes(job.progress.rate)}/s · ${formatEta(job.progress.etaSec)}` : ''}
              </span>
            </div>
            <ProgressBar value={job.progress.bytesTotal ? job.progress.bytesDone / job.progress.bytesTotal : job.progress.total ? job.progress.done / job.progress.total : 0} />
            {job.error && job.state === 'failed' ? <div className="banner error">{job.error}</div> : null}
            {finished && job.state === 'done' ? (
              <div className="report">
                <p className="report-summary">
                  <strong>{importedCount}</strong> imported · <strong>{skipped.length}</strong> skipped · <strong>{failed.length}</strong> refused
                </p>
                {warnings.length ? (
                  <ul className="refusals" aria-label="Imported with warnings">
                    {warnings.map((w) => (
                      <li key={`${w.path}\n${w.reason}`}>
                        <span className="path">{w.path.split(/[\\/]/).pop()}</span> — <span className="reason">imported; {w.reason}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
                {failed.length ? (
                  <ul className="refusals" aria-label="Refused files">
                    {failed.map((f) => (
                      <li key={f.path}>
                        <span className="path">{f.path.split(/[\\/]/).pop()}</span> — <span className="reason">{f.reason}</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
                {skipped.length ? (
                  <details>
                    <summary>{skipped.length} skipped</summary>
                    <ul className="refusals" aria-label="Skipped files">
                      {skipped.map((f) => (
                        <li key={f.path}>
                          <span className="path">{f.path.split(/[\\/]/).pop()}</span> — <span className="reason">{f.reason}</span>
                        </li>
                      ))}
                    </ul>
                  </details>
                ) : null}
              </div>
            ) : null}
          </div>
        ) : null}
        {error ? <div className="banner error" role="alert">{error}</div> : null}
        <div className="modal-actions">
          {running ? (
            <button onClick={() => void api['jobs:cancel']({ id: job.id })}>Cancel import</button>
          ) : (
            <button onClick={onClose}>{finished ? 'Close' : 'Cancel'}</button>
          )}
          {jobId === null ? (
            <button className="primary" disabled={paths.length === 0} onClick={() => void start()}>
              Import
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
