import { useTranslation } from 'react-i18next';
import type { JobInfo } from '@shared/jobs';
import { useFormat } from '../../i18n/useFormat';
import { describeProgress, progressFraction } from '../jobProgress';
import { ProgressBar } from '../ProgressBar';
import { ImportReport } from './ImportReport';
import { sayProgressLine } from '../../lib/job-words';

/** A running or finished import job: progress while it runs, the report when it is done. */
export function ImportProgress({ job }: { job: JobInfo }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const running = job.state === 'running' || job.state === 'queued';
  const p = job.progress;
  const headline = running ? (sayProgressLine(p.current) ?? t('common.working')) : job.state === 'done' ? t('import.finished') : job.state === 'cancelled' ? t('import.cancelled') : t('import.failed');
  return (
    <div className="import-progress" aria-live="polite">
      <div className="row between">
        <span>{headline}</span>
        <span className="muted">{describeProgress(p, running, fmt, t)}</span>
      </div>
      <ProgressBar value={running ? progressFraction(p) : 1} label={t('import.title')} />
      {job.error && job.state === 'failed' ? <div className="banner error">{job.error}</div> : null}
      {job.state === 'done' && job.kind === 'import' ? <ImportReport summary={job.summary} /> : null}
    </div>
  );
}
