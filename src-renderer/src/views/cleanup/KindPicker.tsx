import { CLEANUP_KINDS, type CleanupKind, type CleanupPlan } from '@shared/channels/integrity';
import { formatBytes } from '../../format';
import { useIntegrity } from '../../store/integrity';
import { KIND_LABELS } from './labels';

/** Which kinds the dry run covers, each with what the last dry run found. */
export function KindPicker({ kinds, plan }: { kinds: CleanupKind[]; plan: CleanupPlan | null }) {
  const toggle = (k: CleanupKind) => {
    const next = kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k];
    useIntegrity.getState().setKinds(CLEANUP_KINDS.filter((x) => next.includes(x)));
  };
  return (
    <div className="card kind-picker" role="group" aria-label="Kinds">
      {CLEANUP_KINDS.map((k) => (
        <label key={k} className="check">
          <input type="checkbox" checked={kinds.includes(k)} onChange={() => toggle(k)} />
          <span>
            {KIND_LABELS[k]}
            {plan ? (
              <span className="muted" data-testid={`kind-count-${k}`}>
                {' '}
                — {plan.byKind[k].count} item(s), {formatBytes(plan.byKind[k].bytes)}
              </span>
            ) : null}
          </span>
        </label>
      ))}
    </div>
  );
}
