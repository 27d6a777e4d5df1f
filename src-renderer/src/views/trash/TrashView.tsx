import { errorMessage } from '../../lib/errors';
import { useEffect, useState } from 'react';
import { api, onEvent } from '../../api/client';
import { formatBytes, formatDate } from '../../format';
import { useIntegrity } from '../../store/integrity';

export function TrashView() {
  const trash = useIntegrity((s) => s.trash);
  const error = useIntegrity((s) => s.error);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    void useIntegrity.getState().loadTrash();
    return onEvent('library:changed', () => void useIntegrity.getState().loadTrash());
  }, []);

  const [failure, setFailure] = useState<string | null>(null);
  const restore = async (ids: number[]) => {
    try {
      const r = await api['recordings:restore']({ ids });
      setNote(r.restored.length ? `Restored ${r.restored.length} recording(s).` : null);
      setFailure(r.skipped.length ? r.skipped.map((s) => `#${s.id}: ${s.reason}`).join('; ') : null);
    } catch (err) {
      setFailure(errorMessage(err));
    }
    await useIntegrity.getState().loadTrash();
  };

  const emptyNow = async () => {
    setBusy(true);
    try {
      // Exactly the recordings the user saw listed: anything trashed after that waits for the next time.
      const r = await api['trash:empty']({ ids: (trash ?? []).map((t) => t.id) });
      setNote(`Removed ${r.done.length} recording(s) for good (${formatBytes(r.done.reduce((a, d) => a + d.bytes, 0))} freed).`);
      setFailure(r.skipped.length ? r.skipped.map((s) => `${s.id !== null ? `#${s.id}` : (s.path ?? '')}: ${s.reason}`).join('; ') : null);
    } catch (err) {
      setFailure(errorMessage(err));
    } finally {
      setBusy(false);
      setConfirming(false);
      await useIntegrity.getState().loadTrash();
    }
  };

  const total = (trash ?? []).reduce((a, t) => a + t.bytes, 0);
  return (
    <section className="view trash-view" aria-label="Trash">
      <header className="view-head">
        <h1>Trash</h1>
        <div className="toolbar">
          <span className="muted">{trash ? `${trash.length} recording(s), ${formatBytes(total)}` : ''}</span>
          <button className="danger" disabled={!trash?.length || busy} onClick={() => setConfirming(true)}>
            Empty now
          </button>
        </div>
      </header>
      <p className="muted">Deleted recordings stay here, with their files, until their retention ends; then they are removed for good.</p>
      {note ? <div className="banner info" role="status">{note}</div> : null}
      {failure ? <div className="banner error" role="alert">{failure}</div> : null}
      {error ? <div className="banner error" role="alert">{error}</div> : null}
      {trash && trash.length === 0 ? <p className="no-match">The trash is empty.</p> : null}
      {trash && trash.length > 0 ? (
        <table className="integrity-table" aria-label="Recordings in the trash">
          <thead>
            <tr>
              <th>Name</th>
              <th>Deleted</th>
              <th>Removed for good on</th>
              <th className="num">Size</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {trash.map((t) => (
              <tr key={t.id} data-testid={`trash-${t.id}`}>
                <td>{t.displayName}</td>
                <td>{formatDate(t.trashedAt)}</td>
                <td>{formatDate(t.purgeAt)}</td>
                <td className="num">{formatBytes(t.bytes)}</td>
                <td>
                  <button onClick={() => void restore([t.id])}>Restore</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {confirming ? (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-label="Empty the trash">
            <h2>Empty the trash?</h2>
            <p>
              {trash?.length ?? 0} recording(s) and their files ({formatBytes(total)}) are removed for good. This cannot be undone; a fingerprint of each stays so
              they are not imported again by accident.
            </p>
            <div className="modal-actions">
              <button onClick={() => setConfirming(false)}>Cancel</button>
              <button className="danger" disabled={busy} onClick={() => void emptyNow()}>
                Remove for good
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </section>
  );
}
