import { useTranslation } from 'react-i18next';
import type { JobInfo } from '@shared/jobs';
import { describeProgress, progressFraction } from '../../components/jobProgress';
import { ProgressBar } from '../../components/ProgressBar';
import { useFormat } from '../../i18n/useFormat';
import { sayProgressLine } from '../../lib/job-words';

/** A running migrate job (scan, apply, undo): files, bytes, rate and what it is doing now. */
export function JobProgressPanel({ job, label }: { job: JobInfo | undefined; label: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!job) return <p className="muted">{t('common.starting')}</p>;
  const p = job.progress;
  return (
    <div className="migrate-progress" aria-live="polite">
      <div className="row between">
        <span>{label}</span>
        <span className="muted">{describeProgress(p, true, fmt, t)}</span>
      </div>
      <ProgressBar value={progressFraction(p)} label={label} />
      <div className="muted migrate-current">{sayProgressLine(p.current) ?? ''}</div>
    </div>
  );
}
