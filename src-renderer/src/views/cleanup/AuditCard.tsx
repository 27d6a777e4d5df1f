import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '@shared/channels/integrity';
import { useFormat } from '../../i18n/useFormat';

/** Every removal and quarantine, newest first. (Actions and reasons are the core's words: see NEEDS-FROM-CORE.md.) */
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
                <td>{a.action}</td>
                <td className="path">{a.path ?? (a.recordingId !== null ? t('audit.recording', { id: a.recordingId }) : '')}</td>
                <td>{a.reason}</td>
                <td className="num">{fmt.bytes(a.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
