import type { JobInfo } from '@shared/jobs';
import { formatBytes, formatEta } from '../../format';
import { ProgressBar } from '../ProgressBar';
import { ImportReport } from './ImportReport';

/** A running or finished import job: progress while it runs, the report when it is done. */
export function ImportProgress({ job }: { job: JobInfo }) {
  const running = job.state === 'running' || job.state === 'queued';
  const p = job.progress;
  return (
    <div className="import-progress" aria-live="polite">
      <div className="row between">
        <span>{running ? (p.current ?? 'Working…') : job.state === 'done' ? 'Import finished' : job.state === 'cancelled' ? 'Import cancelled' : 'Import failed'}</span>
        <span className="muted">
          {p.done}/{p.total} files · {formatBytes(p.bytesDone)} of {formatBytes(p.bytesTotal)}
          {running && p.rate > 0 ? ` · ${formatBytes(p.rate)}/s · ${formatEta(p.etaSec)}` : ''}
        </span>
      </div>
      <ProgressBar value={p.bytesTotal ? p.bytesDone / p.bytesTotal : p.total ? p.done / p.total : 0} />
      {job.error && job.state === 'failed' ? <div className="banner error">{job.error}</div> : null}
      {job.state === 'done' ? <ImportReport summary={job.summary} /> : null}
    </div>
  );
}
