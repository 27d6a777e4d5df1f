import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { MigrateApplyReport, MigratePlanView, MigrateRunInfo } from '@shared/channels/migrate';
import { api } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { Parts } from '../../components/Parts';
import { RefusalList } from './RefusalList';
import { TempLeftovers } from './TempLeftovers';
import { startJob } from './useFollowJob';

function ApplyReport({ report }: { report: MigrateApplyReport }) {
  const { t } = useTranslation();
  const b = { b: <strong />, unaccounted: <strong data-testid="unaccounted" /> };
  const part = (key: 'moved' | 'deduped' | 'left' | 'unaccountedCount', count: number) => (
    <Trans key={key} i18nKey={`migrateReport.${key}`} count={count} values={{ count }} components={b} />
  );
  return (
    <>
      <h2>{report.unaccounted.length === 0 ? t('migrateReport.verified') : t('migrateReport.incomplete')}</h2>
      <p className="report-summary">
        <Parts>{[part('moved', report.moved), part('deduped', report.deduped), part('left', report.leftovers.length), part('unaccountedCount', report.unaccounted.length)]}</Parts>
      </p>
      {report.unaccounted.length ? <RefusalList items={report.unaccounted} label={t('migrateReport.unaccounted')} /> : null}
      {report.leftovers.length ? (
        <details>
          <summary>{t('migrateReport.leftInPlace', { count: report.leftovers.length })}</summary>
          <RefusalList items={report.leftovers} />
        </details>
      ) : null}
    </>
  );
}

/** Step 3: what an apply did (or where an interrupted one stands), with Resume and Undo. */
export function ReportStep({ run, plan }: { run: MigrateRunInfo; plan: MigratePlanView | null }) {
  const { t } = useTranslation();
  const report = run.report && 'moved' in run.report ? run.report : null;
  const resumable = run.state === 'cancelled' || run.state === 'failed' || run.state === 'applying';
  const [confirmUndo, setConfirmUndo] = useState(false);
  return (
    <div className="migrate-report" aria-label={t('migrateReport.label')}>
      {report ? (
        <ApplyReport report={report} />
      ) : (
        <p>
          <Trans i18nKey="migrateReport.interrupted" values={{ id: run.id, state: t(`migrate.runState.${run.state}`) }} components={{ b: <strong /> }} />
        </p>
      )}
      {run.state === 'applied' && report && report.unaccounted.length === 0 ? <TempLeftovers runId={run.id} plan={plan} report={report} /> : null}
      <div className="row gap">
        {resumable ? <button onClick={() => void startJob('applying', () => api['migrate:apply']({ runId: run.id }))}>{t('migrateReport.resume')}</button> : null}
        <button onClick={() => setConfirmUndo(true)}>{t('migrateReport.undo')}</button>
      </div>
      {confirmUndo ? (
        // An undo puts every file back and takes the recordings out of the library: not one click away.
        <Dialog
          title={t('migrateReport.undoTitle')}
          onClose={() => setConfirmUndo(false)}
          actions={
            <>
              <button onClick={() => setConfirmUndo(false)}>{t('common.cancel')}</button>
              <button
                className="danger"
                onClick={() => {
                  setConfirmUndo(false);
                  void startJob('undoing', () => api['migrate:undo']({ runId: run.id }));
                }}
              >
                {t('migrateReport.undoConfirm')}
              </button>
            </>
          }
        >
          <p>{t('migrateReport.undoText', { dir: run.mediaDir })}</p>
        </Dialog>
      ) : null}
    </div>
  );
}
