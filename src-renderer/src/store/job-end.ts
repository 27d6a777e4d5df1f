/**
 * Long operations answer with a job id; this waits for that job's end through the jobs store
 * (which hears every `job:progress` event) and hands back the job, its summary typed by its kind.
 */
import i18next from 'i18next';
import type { JobInfo, JobInfoOf, JobKind } from '@shared/jobs';
import { api } from '../api/client';
import { useJobs } from './jobs';

const ENDED: readonly JobInfo['state'][] = ['done', 'failed', 'cancelled', 'interrupted'];

function ended<K extends JobKind>(job: JobInfo | undefined, kind: K): job is JobInfoOf<K> & JobInfo {
  return job !== undefined && job.kind === kind && ENDED.includes(job.state);
}

/**
 * Resolves with the job once it is done; rejects with its reason when it failed, was cancelled or
 * interrupted. Reads the job once too, in case its last event came before anyone listened.
 */
export function jobEnd<K extends JobKind>(jobId: number, kind: K): Promise<JobInfoOf<K>> {
  return new Promise<JobInfoOf<K>>((resolve, reject) => {
    let stop = (): void => undefined;
    const settle = (job: JobInfo | undefined): boolean => {
      if (!ended(job, kind)) return false;
      stop();
      if (job.state === 'done') resolve(job);
      else reject(new Error(job.state === 'failed' && job.error ? job.error : i18next.t('cleanup.jobEnded', { state: i18next.t(`jobState.${job.state}`) })));
      return true;
    };
    if (settle(useJobs.getState().jobs.get(jobId))) return;
    stop = useJobs.subscribe((s) => void settle(s.jobs.get(jobId)));
    api['jobs:get']({ id: jobId }).then(
      (job) => {
        if (ended(job, kind)) useJobs.getState().upsert(job);
      },
      () => undefined,
    );
  });
}
