import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canRetry, type JobInfo } from '@shared/jobs';
import { api } from '../../api/client';
import { describeProgress, progressFraction } from '../../components/jobProgress';
import { ProgressBar } from '../../components/ProgressBar';
import { StageList } from '../../components/StageList';
import { useFormat } from '../../i18n/useFormat';
import { errorMessage } from '../../lib/errors';
import { sayReason } from '../../lib/reasons';
import { JobOutcome } from './JobOutcome';
import { sayJobTitle, sayProgressLine } from '../../lib/job-words';

function Finished({ j }: { j: JobInfo }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [error, setError] = useState<string | null>(null);
  const retryable = canRetry(j);
  return (
    <>
      <div className="row between">
        <span className="muted">
          {fmt.date(j.finishedAt ?? j.createdAt)}
          {/* A known refusal (e.g. an unfinished move whose disk is unplugged) in the page's language. */}
          {j.error ? ` — ${sayReason(j.error).text}` : ''}
        </span>
        {retryable ? (
          <button onClick={() => void api['jobs:retry']({ jobId: j.id }).catch((err: unknown) => setError(errorMessage(err)))}>
            {j.state === 'interrupted' ? t('jobs.resume') : t('jobs.retry')}
          </button>
        ) : null}
      </div>
      {error ? (
        <div className="banner error" role="alert">
          {error}
        </div>
      ) : null}
      {j.kind === 'import' ? <JobOutcome summary={j.summary} /> : null}
    </>
  );
}

/** One job: its title (the core's words, said in the page's language), state, progress or outcome, and stages. */
export function JobCard({ j }: { j: JobInfo }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const active = j.state === 'running' || j.state === 'queued';
  return (
    <li className={`job job-${j.state}`}>
      <div className="row between">
        <strong>{sayJobTitle(j.title)}</strong>
        <span className={`pill pill-${j.state}`}>{t(`jobState.${j.state}`)}</span>
      </div>
      {active ? (
        <>
          <ProgressBar value={progressFraction(j.progress)} label={sayJobTitle(j.title)} />
          <div className="row between muted">
            <span>{sayProgressLine(j.progress.current) ?? ''}</span>
            <span>{describeProgress(j.progress, true, fmt, t)}</span>
          </div>
          <button onClick={() => void api['jobs:cancel']({ id: j.id })}>{t('jobs.cancel')}</button>
        </>
      ) : (
        <Finished j={j} />
      )}
      {Object.keys(j.stages).length ? <StageList stages={j.stages} /> : null}
    </li>
  );
}
