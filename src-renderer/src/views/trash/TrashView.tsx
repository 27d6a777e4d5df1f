import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrashEntry } from '@shared/channels/integrity';
import { api, onEvent } from '../../api/client';
import { useFormat } from '../../i18n/useFormat';
import { errorMessage } from '../../lib/errors';
import { useIntegrity } from '../../store/integrity';
import { EmptyTrashDialog } from './EmptyTrashDialog';
import { SetAsideCard } from './SetAsideCard';
import { sayReason } from '../../lib/reasons';

function TrashTable({ trash, onRestore }: { trash: TrashEntry[]; onRestore: (ids: number[]) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <table className="integrity-table" aria-label={t('trash.table')}>
      <thead>
        <tr>
          <th>{t('trash.columns.name')}</th>
          <th>{t('trash.columns.deleted')}</th>
          <th>{t('trash.columns.purge')}</th>
          <th className="num">{t('trash.columns.size')}</th>
          <th>
            <span className="sr-only">{t('trash.columns.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {trash.map((x) => (
          <tr key={x.id} data-testid={`trash-${x.id}`}>
            <td>{x.displayName}</td>
            <td>{fmt.date(x.trashedAt)}</td>
            <td>{fmt.date(x.purgeAt)}</td>
            <td className="num">{fmt.bytes(x.bytes)}</td>
            <td>
              <button onClick={() => onRestore([x.id])}>{t('trash.restore')}</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TrashView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const trash = useIntegrity((s) => s.trash);
  const error = useIntegrity((s) => s.error);
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    void useIntegrity.getState().loadTrash();
    return onEvent('library:changed', () => void useIntegrity.getState().loadTrash());
  }, []);

  const restore = async (ids: number[]) => {
    try {
      const r = await api['recordings:restore']({ ids });
      setNote(r.restored.length ? t('trash.restored', { count: r.restored.length }) : null);
      setFailure(r.skipped.length ? r.skipped.map((s) => t('trash.skippedItem', { id: s.id, reason: sayReason(s.reason).text })).join('; ') : null);
    } catch (err) {
      setFailure(errorMessage(err));
    }
    await useIntegrity.getState().loadTrash();
  };

  const total = (trash ?? []).reduce((a, x) => a + x.bytes, 0);
  return (
    <section className="view trash-view" aria-label={t('trash.title')}>
      <header className="view-head">
        <h1>{t('trash.title')}</h1>
        <div className="toolbar">
          {trash && trash.length > 0 ? <span className="muted">{t('trash.summary', { count: trash.length, size: fmt.bytes(total) })}</span> : null}
          <button className="danger" disabled={!trash?.length} onClick={() => setConfirming(true)}>
            {t('trash.emptyNow')}
          </button>
        </div>
      </header>
      <p className="muted">{t('trash.intro')}</p>
      {note ? <div className="banner info" role="status">{note}</div> : null}
      {failure ? <div className="banner error" role="alert">{failure}</div> : null}
      {error ? <div className="banner error" role="alert">{error}</div> : null}
      {trash && trash.length === 0 ? <p className="no-match">{t('trash.isEmpty')}</p> : null}
      {trash && trash.length > 0 ? <TrashTable trash={trash} onRestore={(ids) => void restore(ids)} /> : null}
      <SetAsideCard />
      {confirming && trash ? (
        <EmptyTrashDialog
          trash={trash}
          onClose={() => setConfirming(false)}
          onDone={(n, f) => {
            setNote(n);
            setFailure(f);
          }}
        />
      ) : null}
    </section>
  );
}
