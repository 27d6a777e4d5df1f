import { useTranslation } from 'react-i18next';
import { useRecordings } from '../../store/recordings';

/** What can be done with the multi-selection. */
interface Props {
  count: number;
  onReapply: () => void;
  onExport: () => void;
  onExpiry: () => void;
  onTags: () => void;
}

export function SelectionBar({ count, onReapply, onExport, onExpiry, onTags }: Props) {
  const { t } = useTranslation();
  return (
    <div className="selection-bar" role="region" aria-label={t('selection.label')}>
      <span role="status">{t('selection.count', { count })}</span>
      <span aria-hidden>·</span>
      <button className="link" onClick={onReapply}>
        {t('selection.reapply')}
      </button>
      <span aria-hidden>·</span>
      <button className="link" onClick={onExport}>
        {t('exportDialog.open')}
      </button>
      <span aria-hidden>·</span>
      <button className="link" onClick={onExpiry}>
        {t('expiryDialog.open')}
      </button>
      <span aria-hidden>·</span>
      <button className="link" onClick={onTags}>
        {t('metadata.tagsOpen')}
      </button>
      <span aria-hidden>·</span>
      <button className="link" onClick={() => useRecordings.getState().clearChecked()}>
        {t('selection.clear')}
      </button>
    </div>
  );
}
