import { errorMessage } from '../lib/errors';
import { useEffect, useState } from 'react';
import type { ApplyResult, TemplateInfo } from '@shared/channels/templates';
import { api } from '../api/client';
import { useRecordings } from '../store/recordings';
import { useTemplates } from '../store/templates';

/**
 * Re-applying the template rules: a preview of every change first, then the change. With ids it
 * covers only those recordings (the Recordings view's selection); without, every recording.
 */
export function ReapplyDialog({ templates, ids, onClose, onApplied }: { templates: TemplateInfo[]; ids?: number[]; onClose: () => void; onApplied?: () => void }) {
  const [preview, setPreview] = useState<ApplyResult | null>(null);
  const [done, setDone] = useState<ApplyResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const names = new Map(templates.map((t) => [t.id, t.name]));
  const nameOf = (id: number | null) => (id === null ? 'no template' : (names.get(id) ?? `#${id}`));

  useEffect(() => {
    api['templates:preview']({ ids }).then(setPreview, (err: unknown) => setError(errorMessage(err)));
  }, [ids]);

  const apply = async () => {
    setBusy(true);
    try {
      const res = await api['templates:apply']({ ids });
      setDone(res);
      onApplied?.();
      useRecordings.getState().reload();
      await useTemplates.getState().load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const shown = done ?? preview;
  return (
    <div className="modal-backdrop" role="presentation">
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="reapply-title">
        <h2 id="reapply-title">Re-apply rules</h2>
        {error ? <div className="banner error">{error}</div> : null}
        {ids ? <p className="muted">For the {ids.length.toLocaleString()} selected recording{ids.length === 1 ? '' : 's'} only.</p> : null}
        {!shown ? <p className="muted">{ids ? 'Checking the selected recordings…' : 'Checking every recording…'}</p> : null}
        {shown ? (
          <>
            <p className="report-summary" role="status">
              {done
                ? `${done.total.toLocaleString()} recording${done.total === 1 ? '' : 's'} changed template.`
                : shown.total === 0
                  ? 'Nothing would change: every recording already has the template its rules give.'
                  : `${shown.total.toLocaleString()} recording${shown.total === 1 ? '' : 's'} would change template.`}{' '}
              <span className="muted">
                {shown.examined.toLocaleString()} examined; {shown.manualKept.toLocaleString()} chosen by hand are kept.
              </span>
            </p>
            {shown.changes.length ? (
              <table className="files tpl-changes">
                <tbody>
                  {shown.changes.map((c) => (
                    <tr key={c.id}>
                      <td className="path" title={c.displayName}>
                        {c.displayName}
                      </td>
                      <td className="muted">{nameOf(c.from)}</td>
                      <td>→ {nameOf(c.to)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {shown.total > shown.changes.length ? <p className="muted">…and {(shown.total - shown.changes.length).toLocaleString()} more.</p> : null}
          </>
        ) : null}
        <div className="modal-actions">
          <button onClick={onClose}>{done ? 'Close' : 'Cancel'}</button>
          {!done ? (
            <button className="primary" disabled={busy || !preview || preview.total === 0} onClick={() => void apply()}>
              Apply changes
            </button>
          ) : null}
        </div>
      </div>
    </div>
  );
}
