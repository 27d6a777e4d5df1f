import { errorMessage } from '../../lib/errors';
import { useEffect } from 'react';
import { api } from '../../api/client';
import { ProgressBar } from '../../components/ProgressBar';
import { StageList } from '../../components/StageList';
import { formatBytes, formatDate, formatEta } from '../../format';
import { sortedJobs, useJobs } from '../../store/jobs';

interface Refusal {
  path: string;
  reason: string;
}

/** What an import left behind: counts, and every skipped or refused file with its reason. */
function JobOutcome({ summary }: { summary: Record<string, unknown> }) {
  if (typeof summary.imported !== 'number') return null;
  const skipped = (summary.skipped ?? []) as Refusal[];
  const failed = (summary.failed ?? []) as Refusal[];
  return (
    <details className="job-outcome">
      <summary>
        {summary.imported} imported · {skipped.length} skipped · {failed.length} refused
      </summary>
      <ul className="refusals">
        {[...failed, ...skipped].map((f) => (
          <li key={f.path}>
            <span className="path">{f.path}</span> — <span className="reason">{f.reason}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function JobsView() {
  const jobs = useJobs((s) => s.jobs);
  useEffect(() => {
    void useJobs.getState().load();
  }, []);
  const list = sortedJobs(jobs);
  return (
    <section className="view jobs-view" aria-label="Jobs">
      <header className="view-head">
        <h1>Jobs</h1>
      </header>
      {list.length === 0 ? <p className="muted">No jobs yet. Imports, processing, scans and cleanups show up here.</p> : null}
      <ul className="job-list">
        {list.map((j) => {
          const active = j.state === 'running' || j.state === 'queued';
          const fraction = j.progress.fraction !== undefined ? j.progress.fraction : j.progress.bytesTotal ? j.progress.bytesDone / j.progress.bytesTotal : j.progress.total ? j.progress.done / j.progress.total : 0;
          return (
            <li key={j.id} className={`job job-${j.state}`}>
              <div className="row between">
                <strong>{j.title}</strong>
                <span className={`pill pill-${j.state}`}>{j.state}</span>
              </div>
              {active ? (
                <>
                  <ProgressBar value={fraction} />
                  <div className="row between muted">
                    <span>{j.progress.current ?? ''}</span>
                    <span>
                      {j.progress.fraction !== undefined
                        ? `${Math.round(j.progress.fraction * 100)}%`
                        : j.progress.bytesTotal
                          ? `${formatBytes(j.progress.bytesDone)} of ${formatBytes(j.progress.bytesTotal)}`
                          : `${j.progress.done}/${j.progress.total}`}
                      {j.progress.rate > 0 ? ` · ${formatBytes(j.progress.rate)}/s` : ''} {formatEta(j.progress.etaSec)}
                    </span>
                  </div>
                  <button onClick={() => void api['jobs:cancel']({ id: j.id })}>Cancel</button>
                </>
              ) : (
                <>
                  <div className="row between">
                    <span className="muted">
                      {j.finishedAt ? formatDate(j.finishedAt) : formatDate(j.createdAt)}
                      {j.error ? ` — ${j.error}` : ''}
                    </span>
                    {j.kind === 'process' && ['interrupted', 'failed', 'cancelled'].includes(j.state) ? (
                      <button onClick={() => void api['process:retry']({ jobId: j.id }).catch((err: unknown) => alert(errorMessage(err)))}>
                        {j.state === 'interrupted' ? 'Resume' : 'Retry'}
                      </button>
                    ) : null}
                  </div>
                  <JobOutcome summary={j.summary} />
                </>
              )}
              {Object.keys(j.stages).length ? <StageList stages={j.stages} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
