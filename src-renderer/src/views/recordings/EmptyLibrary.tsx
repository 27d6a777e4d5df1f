import { useTranslation } from 'react-i18next';

/** The first screen of a new library: what importing does, and the way to start. */
export function EmptyLibrary({ onImport }: { onImport: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="empty-state">
      <div className="empty-art" aria-hidden>
        ▶
      </div>
      <h2>{t('empty.title')}</h2>
      <p>{t('empty.text')}</p>
      <button className="primary big" onClick={onImport}>
        {t('empty.import')}
      </button>
      <p className="hint">{t('empty.drop')}</p>
    </div>
  );
}
