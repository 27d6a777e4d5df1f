import { useRecordings } from '../../store/recordings';

/** What can be done with the multi-selection. */
export function SelectionBar({ count, onReapply }: { count: number; onReapply: () => void }) {
  return (
    <div className="selection-bar" role="region" aria-label="Selection">
      <span role="status">{count.toLocaleString()} selected</span>
      <span aria-hidden>·</span>
      <button className="link" onClick={onReapply}>
        Re-apply template rules
      </button>
      <span aria-hidden>·</span>
      <button className="link" onClick={() => useRecordings.getState().clearChecked()}>
        Clear
      </button>
    </div>
  );
}
