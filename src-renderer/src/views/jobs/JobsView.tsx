import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { sortedJobs, useJobs } from '../../store/jobs';
import { JobCard } from './JobCard';

export function JobsView() {
  const { t } = useTranslation();
  const jobs = useJobs((s) => s.jobs);
  useEffect(() => {
    void useJobs.getState().load();
  }, []);
  const list = sortedJobs(jobs);
  return (
    <section className="view jobs-view" aria-label={t('jobs.title')}>
      <header className="view-head">
        <h1>{t('jobs.title')}</h1>
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
