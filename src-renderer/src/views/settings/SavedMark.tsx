import { useTranslation } from 'react-i18next';

/** "Saved ✓" beside a setting once its change is stored; it stays until the setting is changed again. */
export function SavedMark({ shown }: { shown: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="saved-mark" role="status">
      {shown ? `✓ ${t('settings.saved')}` : ''}
    </span>
  );
}
