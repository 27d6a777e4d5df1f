import { useEffect, useMemo, useState } from 'react';
import type { RuleError, TemplateInfo } from '@shared/channels/templates';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { type Draft, type ListField, rulesOf } from './draft';
import { TemplateThumbnail } from './TemplateThumbnail';

const FIELDS: { key: ListField; label: string; hint: string }[] = [
  { key: 'keywords', label: 'Keywords', hint: 'the name contains any of these (one per line)' },
  { key: 'exact', label: 'Exact names', hint: 'the whole name is one of these' },
  { key: 'patterns', label: 'Regular expressions', hint: 'e.g. lecture\\s+\\d+' },
  { key: 'excludeKeywords', label: 'Exclude keywords', hint: 'never when the name contains these' },
  { key: 'excludePatterns', label: 'Exclude patterns', hint: 'never when the name matches these' },
];

interface Props {
  initial: Draft;
  template: TemplateInfo | null;
  onClose: () => void;
  onSaved: (t: TemplateInfo) => void;
  onDeleted: () => void;
}

function FieldErrors({ errors }: { errors: RuleError[] }) {
  return errors.map((e, i) => (
    <em key={i} className="field-error" role="alert">
      {e.message}
    </em>
  ));
}

/** Inline validation: the core checks the rules (regular expressions with the place they break) as you type. */
function useRuleValidation(draft: Draft) {
  const [errors, setErrors] = useState<RuleError[]>([]);
  const rules = useMemo(() => rulesOf(draft), [draft]);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      api['templates:validate']({ rules }).then(
        (errs) => live && setErrors((prev) => [...prev.filter((e) => e.field === 'name'), ...errs]),
        () => undefined,
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [rules]);
  return { rules, errors, setErrors };
}

/** A new or existing template's name, rules and thumbnail. */
export function TemplateEditor({ initial, template, onClose, onSaved, onDeleted }: Props) {
  const [draft, setDraft] = useState(initial);
  const { rules, errors, setErrors } = useRuleValidation(draft);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const save = async () => {
    setSaving(true);
    setMessage(null);
    try {
      const res = await api['templates:save']({ id: draft.id, name: draft.name, rules, active: draft.active });
      if (res.ok) {
        setErrors([]);
        setMessage('Saved. Use “Re-apply rules…” to sort existing recordings with the new rules.');
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
    if (!window.confirm(`Delete the template “${template.name}”? Its ${template.count} recording(s) keep their files and lose only the template.`)) return;
    try {
      await api['templates:delete']({ id: template.id });
      onDeleted();
    } catch (err) {
      setErrors([{ field: 'rules', message: errorMessage(err) }]);
    }
  };

  const errorsOf = (field: RuleError['field']) => errors.filter((e) => e.field === field);
  const blocking = errors.some((e) => e.field !== 'name');

  return (
    <aside className="tpl-editor" aria-label={draft.id ? `Edit ${initial.name}` : 'New template'}>
      <div className="detail-head">
        <h2>{draft.id ? `Edit “${initial.name}”` : 'New template'}</h2>
        <button className="icon" aria-label="Close editor" onClick={onClose}>
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
          <span>Name</span>
          <input aria-label="Template name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} aria-invalid={errorsOf('name').length > 0} />
          <FieldErrors errors={errorsOf('name')} />
        </label>
        {FIELDS.map((f) => (
          <label key={f.key} className="field">
            <span>
              {f.label} <small className="muted">— {f.hint}</small>
            </span>
            <textarea
              aria-label={f.label}
              rows={f.key === 'keywords' ? 3 : 2}
              spellCheck={false}
              value={draft.lists[f.key]}
              aria-invalid={errorsOf(f.key).length > 0}
              onChange={(e) => setDraft({ ...draft, lists: { ...draft.lists, [f.key]: e.target.value } })}
            />
            <FieldErrors errors={errorsOf(f.key)} />
          </label>
        ))}
        <label className="check">
          <input type="checkbox" checked={draft.caseSensitive} onChange={(e) => setDraft({ ...draft, caseSensitive: e.target.checked })} /> Case-sensitive (by default “ПИТОН”,
          “питон” and “Питон” are the same)
        </label>
        <label className="check">
          <input type="checkbox" checked={draft.active} onChange={(e) => setDraft({ ...draft, active: e.target.checked })} /> Enabled
        </label>
        {errorsOf('rules').map((e, i) => (
          <div key={i} className="banner error">
            {e.message}
          </div>
        ))}
        <div className="row gap">
          <button type="submit" className="primary" disabled={saving || blocking}>
            Save template
          </button>
          {template ? (
            <button type="button" className="danger" onClick={() => void remove()}>
              Delete
            </button>
          ) : null}
        </div>
      </form>
      {template ? <TemplateThumbnail template={template} onMessage={setMessage} /> : null}
      {message ? <p className="muted">{message}</p> : null}
    </aside>
  );
}
