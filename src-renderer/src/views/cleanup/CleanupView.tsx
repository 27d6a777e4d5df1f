import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { onEvent } from '../../api/client';
import { useIntegrity } from '../../store/integrity';
import { AuditCard } from './AuditCard';
import { ConfirmCleanupDialog } from './ConfirmCleanupDialog';
import { DryRunCard } from './DryRunCard';
import { KindPicker } from './KindPicker';
import { LastRunCard } from './LastRunCard';
import { ScheduleCard } from './ScheduleCard';
import { WatcherCard } from './WatcherCard';

export function CleanupView() {
  const { t } = useTranslation();
  const { plan, planning, kinds, schedule, audit, health, lastResult, error } = useIntegrity();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  // Set when the library changed after the dry run that was confirmed: nothing was touched.
  const [changed, setChanged] = useState(false);

  useEffect(() => {
    void useIntegrity.getState().loadCleanup();
    const t = setInterval(() => void useIntegrity.getState().loadCleanup(), 5000);
    const off = onEvent('library:changed', () => void useIntegrity.getState().loadCleanup());
    return () => {
      clearInterval(t);
      off();
    };
  }, []);

  // The dialog shows the dry run (and its unusual-share warning); confirming runs exactly that list.
  const apply = async (typed: string) => {
    if (!plan) return;
    setBusy(true);
    try {
      const res = await useIntegrity.getState().apply(true, plan.digest, plan.massChange ? typed : undefined);
      setConfirming(false);
      setChanged(res?.planChanged === true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="view cleanup-view" aria-label={t('cleanup.title')}>
      <header className="view-head">
        <h1>{t('cleanup.title')}</h1>
        <div className="toolbar">
          <button disabled={planning || kinds.length === 0} onClick={() => void useIntegrity.getState().plan_()}>
            {planning ? t('cleanup.checking') : t('cleanup.dryRun')}
          </button>
          <button className="primary" disabled={!plan || plan.items.length === 0 || busy} onClick={() => setConfirming(true)}>
            {t('cleanup.cleanUp')}
          </button>
        </div>
      </header>
      {error ? <div className="banner error" role="alert">{error}</div> : null}
      {changed ? (
        <div className="banner error" role="alert">
          {t('cleanup.changed')}
        </div>
      ) : null}
      <KindPicker kinds={kinds} plan={plan} />
      <DryRunCard plan={plan} />
      {lastResult ? <LastRunCard result={lastResult} /> : null}
      <ScheduleCard schedule={schedule} />
      <WatcherCard health={health} />
      <AuditCard audit={audit} />
      {confirming && plan ? <ConfirmCleanupDialog plan={plan} busy={busy} onCancel={() => setConfirming(false)} onConfirm={(typed) => void apply(typed)} /> : null}
    </section>
  );
}
