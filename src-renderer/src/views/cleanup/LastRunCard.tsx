import { useTranslation } from 'react-i18next';
import type { CleanupResult } from '@shared/channels/integrity';
import { sayReason } from '../../lib/reasons';

/** What the last confirmed cleanup did and what it skipped, with the reasons. */
export function LastRunCard({ result }: { result: CleanupResult }) {
  const { t } = useTranslation();
  return (
    <div className="card wide" role="status">
      <h2>{t('cleanup.lastRun')}</h2>
      <p>{t('cleanup.lastRunResult', { done: result.done.length, skipped: result.skipped.length })}</p>
      {result.needsConfirm ? <p className="warn-text">{t('cleanup.notConfirmed', { reason: result.massReason ? sayReason(result.massReason).text : t('cleanup.unusualShare') })}</p> : null}
      <ul className="refusals">
        {result.skipped.map((s, n) => (
          <li key={n}>
            <span className="path">{s.path ?? `#${s.id}`}</span> <span className="reason">{sayReason(s.reason).text}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
