import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleError, TemplateInfo } from '@shared/channels/templates';
import { api } from '../../api/client';
import { useEscapeCloses } from '../../components/panels';
import { ReasonText } from '../../components/ReasonText';
import { errorMessage } from '../../lib/errors';
import { DeleteTemplateDialog } from './DeleteTemplateDialog';
import { type Draft, rulesOf } from './draft';
import { processingOf } from './processing-draft';
import { ProcessingFields } from './ProcessingFields';
import { FieldErrors, RuleFields } from './RuleFields';
import { TemplateThumbnail } from './TemplateThumbnail';


interface Props {
  initial: Draft;
  template: TemplateInfo | null;
  onClose: () => void;
  onSaved: (t: TemplateInfo) => void;
  onDeleted: () => void;
}

/** Inline validation: the core checks the rules (regular expressions with the place they break) as you type. */
function useRuleValidation(draft: Draft) {
  const [errors, setErrors] = useState<RuleError[]>([]);
  const rules = useMemo(() => rulesOf(draft), [draft]);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api['templates:validate']({ rules }).then(
        (errs) => live && setErrors((prev) => [...prev.filter((e) => e.field === 'name'), ...errs]),
        () => undefined,
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [rules]);
  return { rules, errors, setErrors };
}

/** A new or existing template's name, rules and thumbnail. */
export function TemplateEditor({ initial, template, onClose, onSaved, onDeleted }: Props) {
  useEscapeCloses(onClose);
  const { t } = useTranslation();
  const [draft, setDraft] = useState(initial);
  const { rules, errors, setErrors } = useRuleValidation(draft);
  const [saving, setSaving] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const save = async () => {
    setSaving(true);
    setMessage(null);
    try {
      const res = await api['templates:save']({ id: draft.id, name: draft.name, rules, active: draft.active, processing: processingOf(draft.processing) ?? undefined });
      if (res.ok) {
        setErrors([]);
        setMessage(t('editor.saved'));
        onSaved(res.template);
      } else setErrors(res.errors);
    } catch (err) {
      setErrors([{ field: 'rules', message: errorMessage(err) }]);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!template) return;
    setDeleting(false);
    try {
      await api['templates:delete']({ id: template.id });
      onDeleted();
    } catch (err) {
      setErrors([{ field: 'rules', message: errorMessage(err) }]);
    }
  };

  const errorsOf = (field: RuleError['field']) => errors.filter((e) => e.field === field);
  const blocking = errors.some((e) => e.field !== 'name') || processingOf(draft.processing) === null;

  return (
    <aside className="tpl-editor" aria-label={draft.id ? t('editor.editLabel', { name: initial.name }) : t('editor.newLabel')}>
      <div className="detail-head">
        <h2>{draft.id ? t('editor.editTitle', { name: initial.name }) : t('editor.newLabel')}</h2>
        <button className="icon" aria-label={t('editor.close')} onClick={onClose}>
          ✕
        </button>
      </div>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="field">
          <span>{t('editor.name')}</span>
          <input aria-label={t('editor.nameLabel')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} aria-invalid={errorsOf('name').length > 0} />
          <FieldErrors errors={errorsOf('name')} />
        </label>
        <RuleFields draft={draft} setDraft={setDraft} errorsOf={errorsOf} />
        <label className="check">
          <input type="checkbox" checked={draft.caseSensitive} onChange={(e) => setDraft({ ...draft, caseSensitive: e.target.checked })} /> {t('editor.caseSensitive')}
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.checked })} /> {t('editor.enabled')}
        </label>
        <ProcessingFields value={draft.processing} onChange={(processing) => setDraft({ ...draft, processing })} />
        {[...errorsOf('rules'), ...errorsOf('processing')].map((e, i) => (
          <div key={i} className="banner error">
            <ReasonText text={e.message} />
          </div>
        ))}
        <div className="row gap">
          <button type="submit" className="primary" disabled={saving || blocking}>
            {t('editor.save')}
          </button>
          {template ? (
            <button type="button" className="danger" onClick={() => setDeleting(true)}>
              {t('editor.delete')}
            </button>
          ) : null}
        </div>
      </form>
      {template ? <TemplateThumbnail template={template} onMessage={setMessage} /> : null}
      {message ? <p className="muted">{message}</p> : null}
      {deleting && template ? <DeleteTemplateDialog template={template} onCancel={() => setDeleting(false)} onDelete={() => void remove()} /> : null}
    </aside>
  );
}
