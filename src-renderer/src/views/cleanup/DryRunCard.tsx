import { useTranslation } from 'react-i18next';
import type { CleanupPlan } from '@shared/channels/integrity';
import { useFormat } from '../../i18n/useFormat';
import { sayReason } from '../../lib/reasons';

const SHOWN = 500;

function Items({ plan }: { plan: CleanupPlan }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <table className="integrity-table" aria-label={t('cleanup.items')}>
      <thead>
        <tr>
          <th>{t('cleanup.columns.kind')}</th>
          <th>{t('cleanup.columns.target')}</th>
          <th>{t('cleanup.columns.action')}</th>
          <th className="num">{t('cleanup.columns.size')}</th>
        </tr>
      </thead>
      <tbody>
        {plan.items.slice(0, SHOWN).map((i, n) => (
          <tr key={n} title={sayReason(i.reason).text}>
            <td>{t(`cleanup.kind.${i.kind}`)}</td>
            <td className="path">{i.path ?? t('cleanup.recording', { id: i.id })}</td>
            <td>{t(`cleanup.action.${i.action}`)}</td>
            <td className="num">{fmt.bytes(i.bytes)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The dry run: exactly what would be removed, moved or marked, with warnings for an unavailable library or a mass change. */
export function DryRunCard({ plan }: { plan: CleanupPlan | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!plan) return <p className="muted">{t('cleanup.intro')}</p>;
  return (
    <div className="card wide">
      <h2>{t('cleanup.dryRunTitle', { count: plan.items.length, size: fmt.bytes(plan.totalBytes) })}</h2>
      {plan.state !== 'online' ? (
        <p className="warn-text" role="note">
          {t('cleanup.unavailable', { reason: plan.stateReason ? sayReason(plan.stateReason).text : t(`watcher.libraryState.${plan.state}`) })}
        </p>
      ) : null}
      {plan.massChange ? (
        <p className="warn-text" role="note">
          {t('cleanup.massChange', { reason: plan.massReason ? sayReason(plan.massReason).text : t('cleanup.unusualShare') })}
        </p>
      ) : null}
      {plan.items.length === 0 ? <p className="muted">{t('cleanup.nothing')}</p> : <Items plan={plan} />}
      {plan.items.length > SHOWN ? <p className="muted">{t('cleanup.more', { count: plan.items.length - SHOWN })}</p> : null}
    </div>
  );
}
