import type { MigrateApplyReport, MigratePlanView, MigrateRunInfo } from '@shared/channels/migrate';
import { api } from '../../api/client';
import { RefusalList } from './RefusalList';
import { TempLeftovers } from './TempLeftovers';
import { startJob } from './useFollowJob';

function ApplyReport({ report }: { report: MigrateApplyReport }) {
  return (
    <>
      <h2>{report.unaccounted.length === 0 ? 'Migration verified' : 'Migration incomplete'}</h2>
      <p className="report-summary">
        <strong>{report.moved}</strong> moved · <strong>{report.deduped}</strong> deduplicated · <strong>{report.leftovers.length}</strong> left in place ·{' '}
        <strong data-testid="unaccounted">{report.unaccounted.length}</strong> unaccounted
      </p>
      {report.unaccounted.length ? <RefusalList items={report.unaccounted} label="Unaccounted files" /> : null}
      {report.leftovers.length ? (
        <details>
          <summary>{report.leftovers.length} left in place</summary>
          <RefusalList items={report.leftovers} />
        </details>
      ) : null}
    </>
  );
}

/** Step 3: what an apply did (or where an interrupted one stands), with Resume and Undo. */
export function ReportStep({ run, plan }: { run: MigrateRunInfo; plan: MigratePlanView | null }) {
  const report = run.report && 'moved' in run.report ? run.report : null;
  const resumable = run.state === 'cancelled' || run.state === 'failed' || run.state === 'applying';
  return (
    <div className="migrate-report" aria-label="Migration report">
      {report ? (
        <ApplyReport report={report} />
      ) : (
        <p>
          Run {run.id} is <strong>{run.state}</strong>: what moved is committed. Resume it, or undo it.
        </p>
      )}
      {run.state === 'applied' && report && report.unaccounted.length === 0 ? <TempLeftovers runId={run.id} plan={plan} report={report} /> : null}
      <div className="row gap">
        {resumable ? <button onClick={() => void startJob('applying', () => api['migrate:apply']({ runId: run.id }))}>Resume</button> : null}
        <button onClick={() => void startJob('undoing', () => api['migrate:undo']({ runId: run.id }))}>Undo this migration</button>
      </div>
    </div>
  );
}
