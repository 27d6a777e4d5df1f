import { Trans, useTranslation } from 'react-i18next';

/** The warning before a new, empty library is made where the old one was expected. */
export function CreateConfirm({ root, busy, onCreate, onCancel }: { root: string; busy: boolean; onCreate: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="banner warn not-found-confirm" role="alertdialog" aria-label={t('notFound.confirmLabel')}>
      <p>
        <Trans i18nKey="notFound.confirmText" values={{ root }} components={{ b: <strong /> }} />
      </p>
      <div className="row gap">
        <button className="primary" disabled={busy} onClick={onCreate}>
          {t('notFound.confirm')}
        </button>
        <button onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </div>
  );
}
