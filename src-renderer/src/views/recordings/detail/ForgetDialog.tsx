import type { RecordingDetail } from '@shared/domain';

/** Forgetting drops the catalog row for good; it says so, and what to do instead when the disk is only away. */
export function ForgetDialog({ rec, onCancel, onForget }: { rec: RecordingDetail; onCancel: () => void; onForget: () => void }) {
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-label="Forget recording">
        <h2>Forget “{rec.displayName}”?</h2>
        <p>
          Its files are gone from the library folder{rec.statusReason ? ` (${rec.statusReason})` : ''}. Forgetting removes it from the catalog for good: its name, dates,
          template and processing history are lost and cannot be restored. No file is touched.
        </p>
        <p className="muted">If its disk is only unplugged, or the files were moved, put them back instead: the next scan finds them and the recording is back as it was.</p>
        <div className="modal-actions">
          <button onClick={onCancel}>Cancel</button>
          <button className="danger" onClick={onForget}>
            Forget
          </button>
        </div>
      </div>
    </div>
  );
}
