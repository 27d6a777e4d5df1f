import { useTranslation } from 'react-i18next';
import type { RecordingDetail } from '@shared/domain';

/** Forgetting drops the catalog row for good; it says so, and what to do instead when the disk is only away. */
export function ForgetDialog({ rec, onCancel, onForget }: { rec: RecordingDetail; onCancel: () => void; onForget: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-label={t('forget.label')}>
        <h2>{t('forget.title', { name: rec.displayName })}</h2>
        <p>{rec.statusReason ? t('forget.goneWithReason', { reason: rec.statusReason }) : t('forget.gone')}</p>
        <p className="muted">{t('forget.instead')}</p>
        <div className="modal-actions">
          <button onClick={onCancel}>{t('common.cancel')}</button>
          <button className="danger" onClick={onForget}>
            {t('forget.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
