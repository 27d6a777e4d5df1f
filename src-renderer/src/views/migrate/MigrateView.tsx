import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useJobs } from '../../store/jobs';
import { useMigrate } from '../../store/migrate';
import { ChooseStep } from './ChooseStep';
import { JobProgressPanel } from './JobProgressPanel';
import { PlanStep } from './PlanStep';
import { ReportStep } from './ReportStep';
import { UndoneStep } from './UndoneStep';
import { useFollowJob } from './useFollowJob';

/** The Migrate wizard: choose -> scan -> plan -> apply -> report (-> undo); its state survives view switches. */
export function MigrateView() {
  const { t } = useTranslation();
  const s = useMigrate();
  const job = useJobs((st) => (s.jobId !== null ? st.jobs.get(s.jobId) : undefined));
  useFollowJob(job);
  const busy = s.step === 'scanning' || s.step === 'applying' || s.step === 'undoing';
  const cancel = (label: string) => (job ? <button onClick={() => void api['jobs:cancel']({ id: job.id })}>{label}</button> : null);

  return (
    <section className="view migrate-view" aria-label={t('nav.migrate')}>
      <header className="view-head">
        <h1>{t('migrate.title')}</h1>
        {s.step !== 'choose' && !busy ? <button onClick={() => s.reset()}>{t('migrate.startOver')}</button> : null}
      </header>
      {s.error ? (
        <div className="banner error" role="alert">
          {s.error}
        </div>
      ) : null}
      {s.step === 'choose' ? <ChooseStep /> : null}
      {s.step === 'scanning' ? (
        <>
          <JobProgressPanel job={job} label={t('migrate.scanning')} />
          {cancel(t('migrate.cancelScan'))}
        </>
      ) : null}
      {s.step === 'plan' && s.plan ? <PlanStep plan={s.plan} /> : null}
      {s.step === 'applying' ? (
        <>
          <JobProgressPanel job={job} label={t('migrate.applying')} />
          {cancel(t('migrate.cancelMigration'))}
        </>
      ) : null}
      {s.step === 'report' && s.run ? <ReportStep run={s.run} plan={s.plan} /> : null}
      {s.step === 'undoing' ? <JobProgressPanel job={job} label={t('migrate.undoing')} /> : null}
      {s.step === 'undone' ? <UndoneStep run={s.run} /> : null}
    </section>
  );
}
