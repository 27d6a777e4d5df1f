import { useTranslation } from 'react-i18next';
import type { TemplateInfo } from '@shared/channels/templates';

/** Deleting a template cannot be undone: it says how many recordings lose it (their files stay). */
export function DeleteTemplateDialog({ template, onCancel, onDelete }: { template: TemplateInfo; onCancel: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="modal-backdrop">
      <div className="modal" role="dialog" aria-label={t('editor.deleteTitle', { name: template.name })}>
        <h2>{t('editor.deleteTitle', { name: template.name })}</h2>
        <p>{t('editor.deleteText', { count: template.count })}</p>
        <div className="modal-actions">
          <button onClick={onCancel}>{t('common.cancel')}</button>
          <button className="danger" onClick={onDelete}>
            {t('editor.deleteConfirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
