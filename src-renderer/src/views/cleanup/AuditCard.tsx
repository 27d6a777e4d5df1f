import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@shared/channels/integrity';
import i18next from 'i18next';
import { useFormat } from '../../i18n/useFormat';
import { sayReason } from '../../lib/reasons';

/** Every removal and quarantine, newest first, in the person's words (an action or reason without a translation as the core wrote it). */
export function AuditCard({ audit }: { audit: AuditEntry[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <div className="card wide">
      <h2>{t('audit.title')}</h2>
      {audit.length === 0 ? (
        <p className="muted">{t('audit.empty')}</p>
      ) : (
        <table className="integrity-table" aria-label={t('audit.label')}>
          <tbody>
            {audit.map((a) => (
              <tr key={a.id}>
                <td>{fmt.date(a.at)}</td>
                <td>{i18next.exists(`audit.action.${a.action}`) ? t(`audit.action.${a.action}` as never) : a.action}</td>
                <td className="path">{a.path ?? (a.recordingId !== null ? t('audit.recording', { id: a.recordingId }) : '')}</td>
                <td>{a.reason ? sayReason(a.reason).text : null}</td>
                <td className="num">{fmt.bytes(a.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
