import { useTranslation } from 'react-i18next';
import type { RecordingDetail } from '@shared/domain';
import { Dialog } from '../../../components/Dialog';
import { sayCoded } from '../../../lib/reasons';

/** Forgetting drops the catalog row for good; it says so, and what to do instead when the disk is only away. */
export function ForgetDialog({ rec, onCancel, onForget }: { rec: RecordingDetail; onCancel: () => void; onForget: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('forget.title', { name: rec.displayName })}
      label={t('forget.label')}
      onClose={onCancel}
      actions={
        <>
          <button onClick={onCancel}>{t('common.cancel')}</button>
          <button className="danger" onClick={onForget}>
            {t('forget.confirm')}
          </button>
        </>
      }
    >
      <p>{rec.statusReason ? t('forget.goneWithReason', { reason: sayCoded(rec.statusCode, rec.statusParams, rec.statusReason).text }) : t('forget.gone')}</p>
      <p className="muted">{t('forget.instead')}</p>
      {rec.remakeable ? <p className="muted">{t('forget.remakeInstead')}</p> : null}
    </Dialog>
  );
}
