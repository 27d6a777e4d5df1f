import { useState } from 'react';
import { sayReason } from '../../lib/reasons';
import { useTranslation } from 'react-i18next';
import type { CleanupPlan } from '@shared/channels/integrity';
import { CLEANUP_KINDS } from '@shared/cleanup-kinds';
import { Dialog } from '../../components/Dialog';
import { useFormat } from '../../i18n/useFormat';

/**
 * Confirms exactly the dry run shown, with what will happen in numbers; a mass change needs its
 * own consent: the person types the number of items shown to them.
 */
export function ConfirmCleanupDialog({ plan, busy, onCancel, onConfirm }: { plan: CleanupPlan; busy: boolean; onCancel: () => void; onConfirm: (typed: string) => void }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const [typed, setTyped] = useState('');
  const kinds = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(
    CLEANUP_KINDS.filter((k) => plan.byKind[k].count > 0).map((k) => t('confirmCleanup.kindCount', { kind: t(`cleanup.kind.${k}`), count: plan.byKind[k].count })),
  );
  return (
    <Dialog
      title={t('confirmCleanup.title', { count: plan.items.length })}
      label={t('confirmCleanup.label')}
      onClose={onCancel}
      actions={
        <>
          <button onClick={onCancel}>{t('common.cancel')}</button>
          <button className="danger" disabled={busy || (plan.massChange && typed.trim() !== String(plan.items.length))} onClick={() => onConfirm(typed.trim())}>
            {busy ? t('confirmCleanup.cleaning') : t('confirmCleanup.confirm')}
          </button>
        </>
      }
    >
        <p>{t('confirmCleanup.what', { size: fmt.bytes(plan.totalBytes), kinds })}</p>
        {plan.byKind.unknown.count > 0 ? <p>{t('confirmCleanup.unknown', { count: plan.byKind.unknown.count })}</p> : null}
        {plan.massChange ? (
          <>
            <p className="warn-text">{t('confirmCleanup.mass', { reason: plan.massReason ? sayReason(plan.massReason).text : t('cleanup.unusualShare'), count: plan.items.length })}</p>
            <input aria-label={t('confirmCleanup.typeCount')} value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus inputMode="numeric" />
          </>
        ) : null}
    </Dialog>
  );
}
