import { useState } from 'react';
import type { CleanupKind, CleanupPlan } from '@shared/channels/integrity';
import { formatBytes } from '../../format';
import { KIND_LABELS } from './labels';

/**
 * Confirms exactly the dry run shown; a mass change needs its own consent: the person types the
 * number of items shown to them.
 */
export function ConfirmCleanupDialog({ plan, busy, onCancel, onConfirm }: { plan: CleanupPlan; busy: boolean; onCancel: () => void; onConfirm: (typed: string) => void }) {
  const [typed, setTyped] = useState('');
  const kinds = Object.entries(plan.byKind)
    .filter(([, v]) => v.count > 0)
    .map(([k, v]) => `${KIND_LABELS[k as CleanupKind].toLowerCase()} (${v.count})`)
    .join(', ');
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-label="Confirm cleanup">
        <h2>Clean up {plan.items.length} item(s)?</h2>
        <p>
          {formatBytes(plan.totalBytes)} in {kinds}. Each item is checked again right before it is touched; every removal is logged.
        </p>
        {plan.byKind.unknown.count > 0 ? (
          <p>{plan.byKind.unknown.count} file(s) in recording folders that Reclib did not put there will be moved to trash/ (restorable until the retention ends).</p>
        ) : null}
        {plan.massChange ? (
          <>
            <p className="warn-text">
              This is a mass change: {plan.massReason}. Is the library's disk mounted as usual? To go ahead, type the number of items, {plan.items.length}:
            </p>
            <input aria-label="Type the number of items to confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus inputMode="numeric" />
          </>
        ) : null}
        <div className="modal-actions">
          <button onClick={onCancel}>Cancel</button>
          <button className="danger" disabled={busy || (plan.massChange && typed.trim() !== String(plan.items.length))} onClick={() => onConfirm(typed.trim())}>
            {busy ? 'Cleaning…' : 'Clean up'}
          </button>
        </div>
      </div>
    </div>
  );
}
