import type { JobInfo } from '@shared/jobs';
import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes, formatEta } from '../../format';

/** A running migrate job (scan, apply, undo): files, bytes, rate and what it is doing now. */
export function JobProgressPanel({ job, label }: { job: JobInfo | undefined; label: string }) {
  if (!job) return <p className="muted">Starting…</p>;
  const p = job.progress;
  const fraction = p.bytesTotal ? p.bytesDone / p.bytesTotal : p.total ? p.done / p.total : 0;
  return (
    <div className="migrate-progress" aria-live="polite">
      <div className="row between">
        <span>{label}</span>
        <span className="muted">
          {p.done}/{p.total} files{p.bytesTotal ? ` · ${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : ''}
          {p.rate > 0 ? ` · ${formatBytes(p.rate)}/s ${formatEta(p.etaSec)}` : ''}
        </span>
      </div>
      <ProgressBar value={fraction} />
      <div className="muted migrate-current">{p.current ?? ''}</div>
    </div>
  );
}
