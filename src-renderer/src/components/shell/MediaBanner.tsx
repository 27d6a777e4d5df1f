import { useTranslation } from 'react-i18next';
import { useMedia } from '../../store/media';

/** Says that processing is off because FFmpeg does not work, why, and how to fix it. */
export function MediaBanner() {
  const { t } = useTranslation();
  const media = useMedia((s) => s.status);
  const checking = useMedia((s) => s.checking);
  if (!media || media.ok) return null;
  return (
    <div className="banner error media-banner" role="alert">
      <strong>{t('media.disabled')}</strong> {media.problem} <em>{t('media.howToFix')}</em> {media.fix}{' '}
      <button disabled={checking} onClick={() => void useMedia.getState().load(true)}>
        {checking ? t('media.checking') : t('media.checkAgain')}
      </button>
    </div>
  );
}
