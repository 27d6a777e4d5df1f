import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplyResult, TemplateInfo } from '@shared/channels/templates';
import { api } from '../api/client';
import { errorMessage } from '../lib/errors';
import { Dialog } from './Dialog';
import { useRecordings } from '../store/recordings';
import { useTemplates } from '../store/templates';

function ChangeList({ shown, templates }: { shown: ApplyResult; templates: TemplateInfo[] }) {
  const { t } = useTranslation();
  const names = new Map(templates.map((x) => [x.id, x.name]));
  const nameOf = (id: number | null) => (id === null ? t('reapply.noTemplate') : (names.get(id) ?? t('reapply.unknownTemplate', { id })));
  return (
    <>
      {shown.changes.length ? (
        <table className="files tpl-changes">
          <tbody>
            {shown.changes.map((c) => (
              <tr key={c.id}>
                <td className="path" title={c.displayName}>
                  {c.displayName}
                </td>
                <td className="muted">{nameOf(c.from)}</td>
                <td>{t('reapply.to', { name: nameOf(c.to) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {shown.total > shown.changes.length ? <p className="muted">{t('reapply.more', { count: shown.total - shown.changes.length })}</p> : null}
    </>
  );
}

/**
 * Re-applying the template rules: a preview of every change first, then the change. With ids it
 * covers only those recordings (the Recordings view's selection); without, every recording. With
 * a template (just saved) only the changes that template makes: how many recordings it would take.
 */
export function ReapplyDialog({
  templates,
  ids,
  template,
  onClose,
  onApplied,
}: {
  templates: TemplateInfo[];
  ids?: number[];
  template?: TemplateInfo;
  onClose: () => void;
  onApplied?: () => void;
}) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<ApplyResult | null>(null);
  const [done, setDone] = useState<ApplyResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api['templates:preview']({ ids, templateId: template?.id }).then(setPreview, (err: unknown) => setError(errorMessage(err)));
  }, [ids, template?.id]);

  const apply = async () => {
    setBusy(true);
    try {
      const res = await api['templates:apply']({ ids, templateId: template?.id });
      setDone(res);
      onApplied?.();
      useRecordings.getState().reload();
      await useTemplates.getState().load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const shown = done ?? preview;
  const headline = (r: ApplyResult) =>
    done ? t('reapply.changed', { count: r.total }) : r.total === 0 ? t('reapply.nothing') : t('reapply.wouldChange', { count: r.total });
  return (
    <Dialog
      title={t('reapply.title')}
      onClose={onClose}
      actions={
        <>
          <button onClick={onClose}>{done ? t('common.close') : t('common.cancel')}</button>
          {!done ? (
            <button className="primary" disabled={busy || !preview || preview.total === 0} onClick={() => void apply()}>
              {t('reapply.apply')}
            </button>
          ) : null}
        </>
      }
    >
        {error ? <div className="banner error">{error}</div> : null}
        {ids ? <p className="muted">{t('reapply.selectedOnly', { count: ids.length })}</p> : null}
        {template && preview && !done ? (
          <p data-testid="template-takes">{t('reapply.wouldTake', { count: preview.taken ?? 0, name: template.name })}</p>
        ) : null}
        {!shown ? <p className="muted">{ids ? t('reapply.checkingSelected') : t('reapply.checkingAll')}</p> : null}
        {shown ? (
          <>
            <p className="report-summary" role="status">
              {headline(shown)} <span className="muted">{t('reapply.examined', { examined: shown.examined, kept: shown.manualKept })}</span>
            </p>
            <ChangeList shown={shown} templates={templates} />
          </>
        ) : null}
    </Dialog>
  );
}
