import { useTranslation } from 'react-i18next';
import type { TemplateInfo } from '@shared/channels/templates';
import { Dialog } from '../../components/Dialog';

/** Deleting a template cannot be undone: it says how many recordings lose it (their files stay). */
export function DeleteTemplateDialog({ template, onCancel, onDelete }: { template: TemplateInfo; onCancel: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={t('editor.deleteTitle', { name: template.name })}
      onClose={onCancel}
      actions={
        <>
          <button onClick={onCancel}>{t('common.cancel')}</button>
          <button className="danger" onClick={onDelete}>
            {t('editor.deleteConfirm')}
          </button>
        </>
      }
    >
      <p>{t('editor.deleteText', { count: template.count })}</p>
    </Dialog>
  );
}
