import { useTranslation } from 'react-i18next';
import type { CleanupPlan } from '@shared/channels/integrity';
import { CLEANUP_KINDS, type CleanupKind } from '@shared/cleanup-kinds';
import { useFormat } from '../../i18n/useFormat';
import { useIntegrity } from '../../store/integrity';

/** Which kinds the dry run covers, each with what the last dry run found. */
export function KindPicker({ kinds, plan }: { kinds: CleanupKind[]; plan: CleanupPlan | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toggle = (k: CleanupKind) => {
    const next = kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k];
    useIntegrity.getState().setKinds(CLEANUP_KINDS.filter((x) => next.includes(x)));
  };
  return (
    <div className="card kind-picker" role="group" aria-label={t('cleanup.kinds')}>
      {CLEANUP_KINDS.map((k) => (
        <label key={k} className="check">
          <input type="checkbox" checked={kinds.includes(k)} onChange={() => toggle(k)} />
          <span>
            {t(`cleanup.kind.${k}`)}
            {plan ? (
              <span className="muted" data-testid={`kind-count-${k}`}>
                {' '}
                {t('cleanup.kindCount', { count: plan.byKind[k].count, size: fmt.bytes(plan.byKind[k].bytes) })}
              </span>
            ) : null}
          </span>
        </label>
      ))}
    </div>
  );
}
