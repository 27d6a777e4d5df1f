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
  const s = useMigrate();
  const job = useJobs((st) => (s.jobId !== null ? st.jobs.get(s.jobId) : undefined));
  useFollowJob(job);
  const busy = s.step === 'scanning' || s.step === 'applying' || s.step === 'undoing';
  const cancel = (label: string) => (job ? <button onClick={() => void api['jobs:cancel']({ id: job.id })}>{label}</button> : null);

  return (
    <section className="view migrate-view" aria-label="Migrate">
      <header className="view-head">
        <h1>Migrate an old media folder</h1>
        {s.step !== 'choose' && !busy ? <button onClick={() => s.reset()}>Start over</button> : null}
      </header>
      {s.error ? (
        <div className="banner error" role="alert">
          {s.error}
        </div>
      ) : null}
      {s.step === 'choose' ? <ChooseStep /> : null}
      {s.step === 'scanning' ? (
        <>
          <JobProgressPanel job={job} label="Scanning and hashing the legacy folder…" />
          {cancel('Cancel scan')}
        </>
      ) : null}
      {s.step === 'plan' && s.plan ? <PlanStep plan={s.plan} /> : null}
      {s.step === 'applying' ? (
        <>
          <JobProgressPanel job={job} label="Moving files into the library…" />
          {cancel('Cancel migration')}
        </>
      ) : null}
      {s.step === 'report' && s.run ? <ReportStep run={s.run} plan={s.plan} /> : null}
      {s.step === 'undoing' ? <JobProgressPanel job={job} label="Putting every file back…" /> : null}
      {s.step === 'undone' ? <UndoneStep run={s.run} /> : null}
    </section>
  );
}
