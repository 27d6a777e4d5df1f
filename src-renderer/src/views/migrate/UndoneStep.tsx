import { Trans, useTranslation } from 'react-i18next';
import type { MigrateRunInfo } from '@shared/channels/migrate';
import { Parts } from '../../components/Parts';
import { RefusalList } from './RefusalList';

/** Step 4 (after an undo): how many files went back, and any that could not. */
export function UndoneStep({ run }: { run: MigrateRunInfo | null }) {
  const { t } = useTranslation();
  const undo = run?.report && 'restored' in run.report ? run.report : null;
  if (!run || !undo) return null;
  return (
    <div className="migrate-report" aria-label={t('migrateReport.undoneLabel')}>
      <h2>{t('migrateReport.undone')}</h2>
      <p className="report-summary">
        <Parts>
          {[
            <Trans key="r" i18nKey="migrateReport.restored" count={undo.restored} values={{ count: undo.restored, dir: run.mediaDir }} components={{ b: <strong /> }} />,
            <Trans
              key="u"
              i18nKey="migrateReport.unaccountedCount"
              count={undo.unaccounted.length}
              values={{ count: undo.unaccounted.length }}
              components={{ unaccounted: <strong data-testid="undo-unaccounted" /> }}
            />,
          ]}
        </Parts>
      </p>
      {undo.unaccounted.length ? <RefusalList items={undo.unaccounted} label={t('migrateReport.notRestored')} /> : null}
    </div>
  );
}
