import { useEffect } from 'react';
import i18next from 'i18next';
import type { JobInfo } from '@shared/jobs';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useMigrate } from '../../store/migrate';

/** Follows the wizard's running job (scan, apply, undo) to the next step when it ends. */
export function useFollowJob(job: JobInfo | undefined): void {
  useEffect(() => {
    if (!job || job.state === 'running' || job.state === 'queued') return;
    const st = useMigrate.getState();
    if (job.state === 'failed') {
      const back = st.step === 'scanning' ? 'choose' : st.step === 'applying' ? 'plan' : st.step === 'undoing' ? 'report' : st.step;
      st.set({ error: job.error ?? i18next.t('migrate.jobFailed'), step: back, jobId: null });
      // Back at the plan: show the stored one, which is the new plan when the folder changed since.
      const planned = st.plan?.runId;
      if (back === 'plan' && planned) {
        api['migrate:get']({ runId: planned }).then(
          ({ run, plan }) => useMigrate.getState().set({ run, plan }),
          () => undefined,
        );
      }
      return;
    }
    const runId = (job.kind === 'migrate' ? job.summary.runId : undefined) ?? st.plan?.runId;
    if (!runId) return;
    void (async () => {
      try {
        const { run, plan } = await api['migrate:get']({ runId });
        if (job.state === 'cancelled') st.set({ run, plan, jobId: null, step: st.step === 'applying' ? 'report' : st.step === 'scanning' ? 'choose' : st.step });
        else if (st.step === 'scanning') st.set({ plan, run, step: 'plan', jobId: null });
        else if (st.step === 'applying') st.set({ plan, run, step: 'report', jobId: null });
        else if (st.step === 'undoing') st.set({ plan, run, step: 'undone', jobId: null });
      } catch (err) {
        st.set({ error: errorMessage(err) });
      }
    })();
  }, [job]);
}

/** Starts a wizard job and moves to the step that watches it. */
export async function startJob(step: 'scanning' | 'applying' | 'undoing', call: () => Promise<{ jobId: number }>): Promise<void> {
  const s = useMigrate.getState();
  s.set({ error: null });
  try {
    const { jobId } = await call();
    s.set({ jobId, step });
  } catch (err) {
    s.set({ error: errorMessage(err) });
  }
}
