import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordingDetail } from '@shared/domain';
import { ExpiryDialog } from '../../../components/expiry/ExpiryDialog';
import { useFormat } from '../../../i18n/useFormat';

/** When the recording expires (its own date, its profile's, never, or not at all), and a way to change it. */
export function ExpiryFact({ rec }: { rec: RecordingDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [open, setOpen] = useState(false);
  const text =
    rec.expirySource === 'never'
      ? t('expiryDialog.factNever')
      : rec.expireAt === null
        ? t('expiryDialog.factNone')
        : rec.expirySource === 'profile'
          ? t('expiryDialog.factProfile', { date: fmt.date(rec.expireAt) })
          : fmt.date(rec.expireAt);
  return (
    <>
      <dt>{t('expiryDialog.fact')}</dt>
      <dd>
        <span className="expiry-value">{text}</span>{' '}
        <button className="link" onClick={() => setOpen(true)} aria-label={t('expiryDialog.change')}>
          {t('expiryDialog.changeShort')}
        </button>
        {open ? <ExpiryDialog ids={[rec.id]} onClose={() => setOpen(false)} /> : null}
      </dd>
    </>
  );
}
