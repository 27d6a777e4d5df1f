import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { sortedJobs, useJobs } from '../../store/jobs';
import { JobCard } from './JobCard';

export function JobsView() {
  const { t } = useTranslation();
  const jobs = useJobs((s) => s.jobs);
  useEffect(() => {
    void useJobs.getState().load();
  }, []);
  const list = sortedJobs(jobs);
  const live = list.filter((j) => j.state === 'running' || j.state === 'queued').length;
  return (
    <section className="view jobs-view" aria-label={t('jobs.title')}>
      <header className="view-head">
        <h1>{t('jobs.title')}</h1>
        {/* A "Process all new" of hundreds queues hundreds: they go at once, not one click each. */}
        {live > 1 ? <button onClick={() => void api['jobs:cancelAll']({})}>{t('jobs.cancelAll', { count: live })}</button> : null}
      </header>
      {list.length === 0 ? <p className="muted">{t('jobs.empty')}</p> : null}
      <ul className="job-list">
        {list.map((j) => (
          <JobCard key={j.id} j={j} />
        ))}
      </ul>
    </section>
  );
}
