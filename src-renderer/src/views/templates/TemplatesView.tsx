import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { ReapplyDialog } from '../../components/ReapplyDialog';
import { errorMessage } from '../../lib/errors';
import { useTemplates } from '../../store/templates';
import { type Draft, draftOf } from './draft';
import { TemplateCard } from './TemplateCard';
import { TemplateEditor } from './TemplateEditor';

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
      setError(errorMessage(err));
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
            <TemplateCard
              key={t.id}
              t={t}
              first={i === 0}
              last={i === templates.length - 1}
              selected={editing?.id === t.id}
              act={(fn) => void act(fn)}
              onMove={(by) => move(t.id, by)}
              onEdit={() => setEditing(draftOf(t))}
            />
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
