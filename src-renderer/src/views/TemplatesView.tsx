import { useEffect, useMemo, useRef, useState } from 'react';
import type { RuleError, TemplateInfo, TemplateRulesInput } from '../../../src-shared/channels/templates';
import { api, templateThumbnailUrl } from '../api/client';
import { useTemplates } from '../store/templates';
import { ReapplyDialog } from '../components/ReapplyDialog';

type ListField = 'exact' | 'keywords' | 'patterns' | 'excludeKeywords' | 'excludePatterns';

const FIELDS: { key: ListField; label: string; hint: string }[] = [
  { key: 'keywords', label: 'Keywords', hint: 'the name contains any of these (one per line)' },
  { key: 'exact', label: 'Exact names', hint: 'the whole name is one of these' },
  { key: 'patterns', label: 'Regular expressions', hint: 'e.g. lecture\\s+\\d+' },
  { key: 'excludeKeywords', label: 'Exclude keywords', hint: 'never when the name contains these' },
  { key: 'excludePatterns', label: 'Exclude patterns', hint: 'never when the name matches these' },
];

interface Draft {
  id?: number;
  name: string;
  lists: Record<ListField, string>;
  caseSensitive: boolean;
  active: boolean;
}

function draftOf(t: TemplateInfo | null): Draft {
  return {
    id: t?.id,
    name: t?.name ?? '',
    lists: {
      exact: t?.rules.exact.join('\n') ?? '',
      keywords: t?.rules.keywords.join('\n') ?? '',
      patterns: t?.rules.patterns.join('\n') ?? '',
      excludeKeywords: t?.rules.excludeKeywords.join('\n') ?? '',
      excludePatterns: t?.rules.excludePatterns.join('\n') ?? '',
    },
    caseSensitive: t?.rules.caseSensitive ?? false,
    active: t?.active ?? true,
  };
}

function rulesOf(d: Draft): TemplateRulesInput {
  const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);
  return {
    exact: lines(d.lists.exact),
    keywords: lines(d.lists.keywords),
    patterns: lines(d.lists.patterns),
    excludeKeywords: lines(d.lists.excludeKeywords),
    excludePatterns: lines(d.lists.excludePatterns),
    caseSensitive: d.caseSensitive,
  };
}

function summary(t: TemplateInfo): string {
  const r = t.rules;
  const parts: string[] = [];
  if (r.keywords.length) parts.push(r.keywords.slice(0, 4).join(', ') + (r.keywords.length > 4 ? ` +${r.keywords.length - 4}` : ''));
  if (r.exact.length) parts.push(`${r.exact.length} exact`);
  if (r.patterns.length) parts.push(`${r.patterns.length} pattern${r.patterns.length > 1 ? 's' : ''}`);
  const ex = r.excludeKeywords.length + r.excludePatterns.length;
  if (ex) parts.push(`${ex} exclusion${ex > 1 ? 's' : ''}`);
  if (r.caseSensitive) parts.push('case-sensitive');
  return parts.join(' · ') || 'no rules: matches nothing';
}

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsDataURL(file);
  });
}

export function TemplatesView() {
  const { templates, loaded, error: loadError } = useTemplates();
  const [editing, setEditing] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reapply, setReapply] = useState(false);

  useEffect(() => {
    void useTemplates.getState().load();
  }, []);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      setError(null);
      await fn();
      await useTemplates.getState().load();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const move = (id: number, by: -1 | 1) => {
    const ids = templates.map((t) => t.id);
    const i = ids.indexOf(id);
    const j = i + by;
    if (i < 0 || j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    void act(() => api['templates:reorder']({ ids }));
  };

  return (
    <section className="view templates-view" aria-label="Templates">
      <header className="view-head">
        <h1>Templates</h1>
        <div className="toolbar">
          <button onClick={() => setReapply(true)}>Re-apply rules…</button>
          <button className="primary" onClick={() => setEditing(draftOf(null))}>
            New template
          </button>
        </div>
      </header>
      <p className="muted tpl-intro">
        Recordings are sorted into templates by their names. The first enabled template whose rules match wins, in the order below; a template chosen by hand in a
        recording's details is kept.
      </p>
      {loadError || error ? <div className="banner error">{error ?? loadError}</div> : null}
      <div className="tpl-layout">
        <ol className="tpl-list" aria-label="Templates in matching order">
          {!loaded ? <li className="muted">Loading…</li> : null}
          {loaded && templates.length === 0 ? <li className="muted">No templates yet. Create one to sort recordings into collections.</li> : null}
          {templates.map((t, i) => (
            <li key={t.id} className={`tpl-card${t.active ? '' : ' off'}${editing?.id === t.id ? ' selected' : ''}`} aria-label={t.name}>
              <div className="tpl-thumb">
                {t.hasThumbnail ? <img src={templateThumbnailUrl(t.id, `${t.thumbnailScope}-${t.thumbnail}`)} alt="" loading="lazy" /> : <span aria-hidden>▦</span>}
              </div>
              <div className="tpl-main">
                <div className="tpl-name">{t.name}</div>
                <div className="tpl-rules muted" title={summary(t)}>
                  {summary(t)}
                </div>
              </div>
              <div className="tpl-count" title={t.manualCount ? `${t.manualCount} assigned by hand` : undefined}>
                <strong>{t.count.toLocaleString()}</strong> <span className="muted">recording{t.count === 1 ? '' : 's'}</span>
              </div>
              <div className="tpl-actions">
                <label className="switch" title={t.active ? 'Enabled' : 'Disabled'}>
                  <input type="checkbox" aria-label={`Enable ${t.name}`} checked={t.active} onChange={(e) => void act(() => api['templates:setActive']({ id: t.id, active: e.target.checked }))} />
                  {t.active ? 'On' : 'Off'}
                </label>
                <button className="icon" aria-label={`Move ${t.name} up`} disabled={i === 0} onClick={() => move(t.id, -1)}>
                  ↑
                </button>
                <button className="icon" aria-label={`Move ${t.name} down`} disabled={i === templates.length - 1} onClick={() => move(t.id, 1)}>
                  ↓
                </button>
                <button aria-label={`Edit ${t.name}`} onClick={() => setEditing(draftOf(t))}>
                  Edit
                </button>
              </div>
            </li>
          ))}
        </ol>
        {editing ? (
          <TemplateEditor
            key={editing.id ?? 'new'}
            initial={editing}
            template={templates.find((t) => t.id === editing.id) ?? null}
            onClose={() => setEditing(null)}
            onSaved={(t) => {
              setEditing(draftOf(t));
              void useTemplates.getState().load();
            }}
            onDeleted={() => {
              setEditing(null);
              void useTemplates.getState().load();
            }}
          />
        ) : null}
      </div>
      {reapply ? <ReapplyDialog templates={templates} onClose={() => setReapply(false)} /> : null}
    </section>
  );
}

function TemplateEditor({
  initial,
  template,
  onClose,
  onSaved,
  onDeleted,
}: {
  initial: Draft;
  template: TemplateInfo | null;
  onClose: () => void;
  onSaved: (t: TemplateInfo) => void;
  onDeleted: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<RuleError[]>([]);
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const rules = useMemo(() => rulesOf(draft), [draft]);

  // Inline validation: the core checks the rules (regular expressions with the place they break) as you type.
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
      setErrors([{ field: 'rules', message: err instanceof Error ? err.message : String(err) }]);
    } finally {
      setSaving(false);
    }
  };

  const upload = async (file: File) => {
    if (!template) return;
    setUploadError(null);
    setMessage(null);
    try {
      const res = await api['templates:uploadThumbnail']({ templateId: template.id, dataBase64: await toBase64(file), fileName: file.name });
      setMessage(res.reused === 'shared' ? 'This image is one of the shared thumbnails: the shared one is used, no copy is stored.' : res.reused === 'profile' ? 'This image was already uploaded: the same file is used.' : 'Thumbnail uploaded.');
      await useTemplates.getState().load();
    } catch (err) {
      setUploadError(err instanceof Error ? err.message : String(err));
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  };

  const remove = async () => {
    if (!template) return;
    if (!window.confirm(`Delete the template “${template.name}”? Its ${template.count} recording(s) keep their files and lose only the template.`)) return;
    try {
      await api['templates:delete']({ id: template.id });
      onDeleted();
    } catch (err) {
      setErrors([{ field: 'rules', message: err instanceof Error ? err.message : String(err) }]);
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
          {errorsOf('name').map((e, i) => (
            <em key={i} className="field-error" role="alert">
              {e.message}
            </em>
          ))}
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
            {errorsOf(f.key).map((e, i) => (
              <em key={i} className="field-error" role="alert">
                {e.message}
              </em>
            ))}
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
      {template ? (
        <div className="tpl-thumb-edit">
          <h3>Thumbnail</h3>
          <div className="tpl-thumb big">
            {template.hasThumbnail ? <img src={templateThumbnailUrl(template.id, `${template.thumbnailScope}-${template.thumbnail}`)} alt={`Thumbnail of ${template.name}`} /> : <span aria-hidden>▦</span>}
          </div>
          <p className="muted small">
            {template.thumbnail ? (template.thumbnailScope === 'shared' ? 'A shared thumbnail.' : 'Uploaded for this library’s profile.') : 'No thumbnail yet.'} PNG or JPEG; JPEG is
            converted to PNG.
          </p>
          <input ref={fileRef} type="file" accept="image/png,image/jpeg" aria-label="Upload thumbnail" onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} />
          {uploadError ? (
            <div className="banner error" role="alert">
              {uploadError}
            </div>
          ) : null}
        </div>
      ) : null}
      {message ? <p className="muted">{message}</p> : null}
    </aside>
  );
}
