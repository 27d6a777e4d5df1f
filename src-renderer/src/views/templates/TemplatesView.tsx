import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateInfo } from '@shared/channels/templates';
import { api } from '../../api/client';
import { ReapplyDialog } from '../../components/ReapplyDialog';
import { errorMessage } from '../../lib/errors';
import { useTemplates } from '../../store/templates';
import { type Draft, draftOf } from './draft';
import { TemplateCard } from './TemplateCard';
import { TemplateEditor } from './TemplateEditor';

export function TemplatesView() {
  const { t } = useTranslation();
  const { templates, loaded, error: loadError } = useTemplates();
  const [editing, setEditing] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The re-apply preview: true for every rule, a template for that template's changes only (after saving it). */
  const [reapply, setReapply] = useState<boolean | TemplateInfo>(false);

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
    <section className="view templates-view" aria-label={t('templates.title')}>
      <header className="view-head">
        <h1>{t('templates.title')}</h1>
        <div className="toolbar">
          <button onClick={() => setReapply(true)}>{t('templates.reapply')}</button>
          <button className="primary" onClick={() => setEditing(draftOf(null))}>
            {t('templates.new')}
          </button>
        </div>
      </header>
      <p className="muted tpl-intro">{t('templates.intro')}</p>
      {loadError || error ? <div className="banner error">{error ?? loadError}</div> : null}
      <div className="tpl-layout">
        <ol className="tpl-list" aria-label={t('templates.list')}>
          {!loaded ? <li className="muted">{t('common.loading')}</li> : null}
          {loaded && templates.length === 0 ? <li className="muted">{t('templates.none')}</li> : null}
          {templates.map((x, i) => (
            <TemplateCard
              key={x.id}
              x={x}
              first={i === 0}
              last={i === templates.length - 1}
              selected={editing?.id === x.id}
              act={(fn) => void act(fn)}
              onMove={(by) => move(x.id, by)}
              onEdit={() => setEditing(draftOf(x))}
            />
          ))}
        </ol>
        {editing ? (
          <TemplateEditor
            key={editing.id ?? 'new'}
            initial={editing}
            template={templates.find((x) => x.id === editing.id) ?? null}
            onClose={() => setEditing(null)}
            onSaved={(x) => {
              setEditing(draftOf(x));
              void useTemplates.getState().load();
              // A new or changed template acts at once: if it would take (or release) existing recordings, its own preview opens to confirm.
              api['templates:preview']({ templateId: x.id }).then(
                (r) => r.total > 0 && setReapply(x),
                () => undefined,
              );
            }}
            onDeleted={() => {
              setEditing(null);
              void useTemplates.getState().load();
            }}
          />
        ) : null}
      </div>
      {reapply ? <ReapplyDialog templates={templates} template={reapply === true ? undefined : reapply} onClose={() => setReapply(false)} /> : null}
    </section>
  );
}
