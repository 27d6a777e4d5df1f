import type { CleanupPlan } from '@shared/channels/integrity';
import { formatBytes } from '../../format';
import { ACTION_LABELS, KIND_LABELS } from './labels';

const SHOWN = 500;

/** The dry run: exactly what would be removed, moved or marked, with warnings for an unavailable library or a mass change. */
export function DryRunCard({ plan }: { plan: CleanupPlan | null }) {
  if (!plan) return <p className="muted">Run a dry run to see exactly what would be removed, moved or marked. Nothing changes until you confirm.</p>;
  return (
    <div className="card wide">
      <h2>
        Dry run: {plan.items.length} item(s), {formatBytes(plan.totalBytes)}
      </h2>
      {plan.state !== 'online' ? (
        <p className="warn-text" role="note">
          The library's files look unavailable ({plan.stateReason ?? plan.state}). Is the disk mounted? Nothing can be checked or cleaned until they are back.
        </p>
      ) : null}
      {plan.massChange ? (
        <p className="warn-text" role="note">
          This is a mass change: {plan.massReason}. A disk that is not mounted looks like this; check the list before you confirm.
        </p>
      ) : null}
      {plan.items.length === 0 ? (
        <p className="muted">Nothing to clean up.</p>
      ) : (
        <table className="integrity-table" aria-label="Cleanup items">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Path or recording</th>
              <th>Action</th>
              <th className="num">Bytes</th>
            </tr>
          </thead>
          <tbody>
            {plan.items.slice(0, SHOWN).map((i, n) => (
              <tr key={n} title={i.reason}>
                <td>{KIND_LABELS[i.kind]}</td>
                <td className="path">{i.path ?? `Recording #${i.id}`}</td>
                <td>{ACTION_LABELS[i.action] ?? i.action}</td>
                <td className="num">{formatBytes(i.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {plan.items.length > SHOWN ? <p className="muted">…and {plan.items.length - SHOWN} more.</p> : null}
    </div>
  );
}
