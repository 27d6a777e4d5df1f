import { useState } from 'react';
import { sayReason } from '../../lib/reasons';
import { useTranslation } from 'react-i18next';
import type { TrashEntry } from '@shared/channels/integrity';
import { api } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { useFormat } from '../../i18n/useFormat';
import { errorMessage } from '../../lib/errors';
import { useIntegrity } from '../../store/integrity';
import { jobEnd } from '../../store/job-end';

/** Emptying the trash cannot be undone: it says how many recordings and bytes go for good. */
export function EmptyTrashDialog({ trash, onClose, onDone }: { trash: TrashEntry[]; onClose: () => void; onDone: (note: string | null, failure: string | null) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [busy, setBusy] = useState(false);
  const total = trash.reduce((a, x) => a + x.bytes, 0);

  const emptyNow = async () => {
    setBusy(true);
    try {
      // Exactly the recordings the person saw listed: anything trashed after that waits for the next time.
      const { jobId } = await api['trash:empty']({ ids: trash.map((x) => x.id) });
      const r = (await jobEnd(jobId, 'cleanup')).summary.result ?? { done: [], skipped: [] };
      const freed = fmt.bytes(r.done.reduce((a, d) => a + d.bytes, 0));
      onDone(
        t('trash.removed', { count: r.done.length, size: freed }),
        r.skipped.length ? r.skipped.map((s) => `${s.id !== null ? `#${s.id}` : (s.path ?? '')}: ${sayReason(s.reason).text}`).join('; ') : null,
      );
    } catch (err) {
      onDone(null, errorMessage(err));
    } finally {
      setBusy(false);
      onClose();
      await useIntegrity.getState().loadTrash();
    }
  };

  return (
    <Dialog
      title={t('trash.emptyTitle')}
      label={t('trash.emptyLabel')}
      onClose={onClose}
      actions={
        <>
          <button onClick={onClose}>{t('common.cancel')}</button>
          <button className="danger" disabled={busy} onClick={() => void emptyNow()}>
            {t('trash.emptyConfirm')}
          </button>
        </>
      }
    >
      <p>{t('trash.emptyText', { count: trash.length, size: fmt.bytes(total) })}</p>
    </Dialog>
  );
}
