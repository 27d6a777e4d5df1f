/** The warning before a new, empty library is made where the old one was expected. */
export function CreateConfirm({ root, busy, onCreate, onCancel }: { root: string; busy: boolean; onCreate: () => void; onCancel: () => void }) {
  return (
    <div className="banner warn not-found-confirm" role="alertdialog" aria-label="Create a new library here">
      <p>
        This makes a new, empty library at <strong>{root}</strong>. If your library is on a disk that is not connected, connect it and choose Retry instead: a new library
        here would be hidden under it once the disk is back.
      </p>
      <div className="row gap">
        <button className="primary" disabled={busy} onClick={onCreate}>
          Create the new library
        </button>
        <button onClick={onCancel}>Cancel</button>
      </div>
    </div>
  );
}
