import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateInfo } from '@shared/channels/templates';
import { api, templateThumbnailUrl } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useTemplates } from '../../store/templates';
import { toBase64 } from './draft';

/** A saved template's thumbnail: what it is, and an upload (PNG or JPEG). */
export function TemplateThumbnail({ template, onMessage }: { template: TemplateInfo; onMessage: (m: string | null) => void }) {
  const { t } = useTranslation();
  const [uploadError, setUploadError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const upload = async (file: File) => {
    setUploadError(null);
    onMessage(null);
    try {
      const res = await api['templates:uploadThumbnail']({ templateId: template.id, dataBase64: await toBase64(file), fileName: file.name });
      onMessage(
        res.reused === 'shared'
          ? t('editor.reusedShared')
          : res.reused === 'profile'
            ? t('editor.reusedProfile')
            : t('editor.uploaded'),
      );
      await useTemplates.getState().load();
    } catch (err) {
      setUploadError(errorMessage(err));
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  return (
    <div className="tpl-thumb-edit">
      <h3>{t('editor.thumbnail')}</h3>
      <div className="tpl-thumb big">
        {template.hasThumbnail ? (
          <img src={templateThumbnailUrl(template.id, `${template.thumbnailScope}-${template.thumbnail}`)} alt={t('editor.thumbnailOf', { name: template.name })} />
        ) : (
          <span aria-hidden>▦</span>
        )}
      </div>
      <p className="muted small">
        {template.thumbnail ? (template.thumbnailScope === 'shared' ? t('editor.thumbShared') : t('editor.thumbProfile')) : t('editor.thumbNone')} {t('editor.thumbFormats')}
      </p>
      <input ref={fileRef} type="file" accept="image/png,image/jpeg" aria-label={t('editor.upload')} onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
      {uploadError ? (
        <div className="banner error" role="alert">
          {uploadError}
        </div>
      ) : null}
    </div>
  );
}
