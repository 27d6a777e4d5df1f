import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MigrateApplyReport, MigrateLeftoverRemoval, MigratePlanView } from '@shared/channels/migrate';
import { api } from '../../api/client';
import { useFormat } from '../../i18n/useFormat';
import { errorMessage } from '../../lib/errors';
import { useMigrate } from '../../store/migrate';
import { isTempLeftover } from './planFilter';
import { RefusalList } from './RefusalList';

/** After a verified apply: the temp_processing leftovers the old folder still holds, removable on request. */
export function TempLeftovers({ runId, plan, report }: { runId: string; plan: MigratePlanView | null; report: MigrateApplyReport }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [removal, setRemoval] = useState<MigrateLeftoverRemoval | null>(null);
  const [removing, setRemoving] = useState(false);
  // The plan's temp_processing leftovers (the report lists the same paths); sizes come from the plan.
  const left = plan ? plan.leftovers.filter((l) => isTempLeftover(l.reason) && report.leftovers.some((r) => r.path === l.path)) : [];
  if (left.length === 0) return null;
  const bytes = left.reduce((a, l) => a + l.bytes, 0);
  const done = removal && removal.runId === runId ? removal : null;

  const remove = async () => {
    setRemoving(true);
    useMigrate.getState().set({ error: null });
    try {
      setRemoval(await api['migrate:removeLeftovers']({ runId }));
    } catch (err) {
      useMigrate.getState().set({ error: errorMessage(err) });
    } finally {
      setRemoving(false);
    }
  };

  return (
    <div className="migrate-temp" aria-label={t('migrateReport.tempLabel')}>
      <p>{t('migrateReport.temp', { count: left.length, size: fmt.bytes(bytes) })}</p>
      {done ? (
        <p className="report-summary" data-testid="leftovers-removed">
          {done.skipped.length
            ? t('migrateReport.removedKept', { count: done.removed.length, size: fmt.bytes(done.bytes), kept: done.skipped.length })
            : t('migrateReport.removed', { count: done.removed.length, size: fmt.bytes(done.bytes) })}
        </p>
      ) : (
        <button disabled={removing} onClick={() => void remove()}>
          {t('migrateReport.removeTemp')}
        </button>
      )}
      {done && done.skipped.length ? <RefusalList items={done.skipped} /> : null}
    </div>
  );
}
