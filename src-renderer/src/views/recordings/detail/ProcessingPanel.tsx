/** Process / Re-process / Cancel for one recording, and the stages of its latest processing job. */
import { errorMessage } from '../../../lib/errors';
import { useState } from 'react';
import type { RecordingDetail } from '@shared/domain';
import type { JobInfo } from '@shared/jobs';
import { api } from '../../../api/client';
import { formatEta } from '../../../format';
import { useJobs } from '../../../store/jobs';
import { processingEnabled, useMedia } from '../../../store/media';
import { ProgressBar } from '../../../components/ProgressBar';
import { StageList } from '../../../components/StageList';

const CAN_PROCESS = new Set(['ready', 'processed', 'needs_review', 'failed']);

function latestProcessJob(jobs: Map<number, JobInfo>, recordingId: number): JobInfo | null {
  let best: JobInfo | null = null;
  for (const j of jobs.values()) if (j.kind === 'process' && j.recordingId === recordingId && (!best || j.id > best.id)) best = j;
  return best;
}

export function ProcessingPanel({ rec }: { rec: RecordingDetail }) {
  const job = useJobs((s) => latestProcessJob(s.jobs, rec.id));
  const media = useMedia((s) => s.status);
  const [error, setError] = useState<string | null>(null);
  const active = job !== null && (job.state === 'running' || job.state === 'queued');
  const enabled = processingEnabled(media) && CAN_PROCESS.has(rec.status);
  const processedBefore = rec.status === 'processed' || rec.status === 'needs_review';

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
      if (res.skipped[0]) setError(`Not processed: ${res.skipped[0].reason}`);
    });

  return (
    <section className="processing" aria-label="Processing">
      <div className="row between">
        <h3>Processing</h3>
        <div className="row gap">
          {active ? (
            <button onClick={() => void run(() => api['jobs:cancel']({ id: job.id }))}>Cancel</button>
          ) : (
            <>
              {job?.state === 'interrupted' ? (
                <button disabled={!processingEnabled(media)} onClick={() => void run(() => api['process:retry']({ jobId: job.id }))}>
                  Resume
                </button>
              ) : null}
              <button className="primary" disabled={!enabled} title={!processingEnabled(media) ? 'FFmpeg does not work: see the banner at the top' : undefined} onClick={() => void start()}>
                {processedBefore ? 'Re-process' : 'Process'}
              </button>
            </>
          )}
        </div>
      </div>
      {active ? (
        <>
          <ProgressBar value={job.progress.fraction ?? 0} />
          <div className="row between muted">
            <span>{job.progress.current ?? (job.state === 'queued' ? 'Waiting for another job to finish' : '')}</span>
            <span>{formatEta(job.progress.etaSec)}</span>
          </div>
        </>
      ) : job && job.state !== 'done' ? (
        <div className={`muted job-outcome job-outcome-${job.state}`}>
          Last run {job.state}
          {job.error && job.state !== 'cancelled' ? `: ${job.error}` : ''}
        </div>
      ) : null}
      {job ? <StageList stages={job.stages} /> : <p className="muted">Not processed yet: trims silence, extracts audio, makes a poster and subtitles.</p>}
      {error ? <div className="banner error">{error}</div> : null}
    </section>
  );
}
