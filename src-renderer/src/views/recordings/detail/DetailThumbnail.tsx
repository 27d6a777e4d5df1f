import { useTranslation } from 'react-i18next';
import type { RecordingDetail } from '@shared/domain';

/** The recording's thumbnail: where it comes from, an upload, and going back to the template's. */
export function DetailThumbnail({ rec, thumbUrl, onUpload, onClear }: { rec: RecordingDetail; thumbUrl: string; onUpload: (f: File) => void; onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>{t('detail.thumbnail.title')}</h3>
      <div className="row gap rec-thumb">
        <img className="row-thumb big" src={thumbUrl} alt="" onError={(e) => (e.currentTarget.style.visibility = 'hidden')} onLoad={(e) => (e.currentTarget.style.visibility = 'visible')} />
        <div>
          <div className="muted small">{rec.hasThumbnail ? t('detail.thumbnail.own') : rec.templateId !== null ? t('detail.thumbnail.fromTemplate') : t('detail.thumbnail.none')}</div>
          <label className="file-button">
            {t('detail.thumbnail.upload')}
            <input
              type="file"
              accept="image/png,image/jpeg"
              aria-label={t('detail.thumbnail.uploadLabel')}
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) onUpload(f);
              }}
            />
          </label>
          {rec.hasThumbnail ? <button className="link" onClick={onClear}>{t('detail.thumbnail.useTemplate')}</button> : null}
        </div>
      </div>
    </>
  );
}
