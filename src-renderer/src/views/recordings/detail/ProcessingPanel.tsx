/** Process / Re-process / Cancel for one recording, and the stages of its latest processing job. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordingDetail } from '@shared/domain';
import type { JobInfo } from '@shared/jobs';
import { api } from '../../../api/client';
import { ProgressBar } from '../../../components/ProgressBar';
import { StageList } from '../../../components/StageList';
import { useFormat } from '../../../i18n/useFormat';
import { errorMessage } from '../../../lib/errors';
import { sayReason } from '../../../lib/reasons';
import { useJobs } from '../../../store/jobs';
import { processingEnabled, useMedia } from '../../../store/media';
import { sayProgressLine } from '../../../lib/job-words';

const CAN_PROCESS = new Set(['ready', 'processed', 'needs_review', 'failed']);

function latestProcessJob(jobs: Map<number, JobInfo>, recordingId: number): JobInfo | null {
  let best: JobInfo | null = null;
  for (const j of jobs.values()) if (j.kind === 'process' && j.recordingId === recordingId && (!best || j.id > best.id)) best = j;
  return best;
}

function JobState({ job }: { job: JobInfo }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (job.state === 'running' || job.state === 'queued') {
    return (
      <>
        <ProgressBar value={job.progress.fraction ?? 0} label={t('processing.title')} />
        <div className="row between muted">
          <span>{sayProgressLine(job.progress.current) ?? (job.state === 'queued' ? t('processing.waiting') : '')}</span>
          <span>{fmt.eta(job.progress.etaSec)}</span>
        </div>
      </>
    );
  }
  if (job.state === 'done') return null;
  const state = t(`jobState.${job.state}`);
  // The core's sentence in the person's words; its technical part (FFmpeg's own words) on hover.
  const said = job.error && job.state !== 'cancelled' ? sayReason(job.error) : null;
  return (
    <div className={`muted job-outcome job-outcome-${job.state}`} title={said?.detail ?? undefined}>
      {said ? t('processing.lastRunError', { state, error: said.text }) : t('processing.lastRun', { state })}
    </div>
  );
}

/**
 * No job of this recording in the store (it keeps the latest hundred, and none survive a restart):
 * what the recording's own status says, not "not processed yet" of a recording that was.
 */
function WithoutJob({ rec }: { rec: RecordingDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (rec.status === 'needs_review' && rec.statusReason) return <p className="muted">{t('processing.reviewBefore', { reason: sayReason(rec.statusReason).text })}</p>;
  if (rec.status === 'processed') {
    return (
      <p className="muted">
        {rec.keptStartSec !== null && rec.keptEndSec !== null
          ? t('processing.processedKept', { from: fmt.duration(rec.keptStartSec), to: fmt.duration(rec.keptEndSec) })
          : t('processing.processedWhole')}
      </p>
    );
  }
  return <p className="muted">{t('processing.notYet')}</p>;
}

export function ProcessingPanel({ rec }: { rec: RecordingDetail }) {
  const { t } = useTranslation();
  const job = useJobs((s) => latestProcessJob(s.jobs, rec.id));
  const media = useMedia((s) => s.status);
  const [error, setError] = useState<string | null>(null);
  const active = job !== null && (job.state === 'running' || job.state === 'queued');
  const enabled = processingEnabled(media) && (CAN_PROCESS.has(rec.status) || rec.remakeable);
  const processedBefore = rec.status === 'processed' || rec.status === 'needs_review' || rec.remakeable;

  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const start = () =>
    run(async () => {
      const res = await api['process:start']({ ids: [rec.id] });
      if (res.skipped[0]) setError(t('processing.notProcessed', { reason: sayReason(res.skipped[0].reason).text }));
    });

  return (
    <section className="processing" aria-label={t('processing.label')}>
      <div className="row between">
        <h3>{t('processing.title')}</h3>
        <div className="row gap">
          {active ? (
            <button onClick={() => void run(() => api['jobs:cancel']({ id: job.id }))}>{t('processing.cancel')}</button>
          ) : (
            <>
              {job?.state === 'interrupted' ? (
                <button disabled={!processingEnabled(media)} onClick={() => void run(() => api['jobs:retry']({ jobId: job.id }))}>
                  {t('common.resume')}
                </button>
              ) : null}
              <button className="primary" disabled={!enabled} title={!processingEnabled(media) ? t('media.disabledHint') : undefined} onClick={() => void start()}>
                {processedBefore ? t('processing.reprocess') : t('processing.process')}
              </button>
            </>
          )}
        </div>
      </div>
      {rec.remakeable && !active ? <p className="muted">{t('processing.remakeHint')}</p> : null}
      {job ? <JobState job={job} /> : null}
      {job ? <StageList stages={job.stages} /> : <WithoutJob rec={rec} />}
      {error ? <div className="banner error">{error}</div> : null}
    </section>
  );
}
