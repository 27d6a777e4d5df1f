/** A recording's description and tags: what a person adds so the search finds it later. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordingDetail } from '@shared/domain';
import { api } from '../../../api/client';
import { errorMessage } from '../../../lib/errors';
import { useTagInput } from '../../../components/metadata/useTagInput';
import { useRecordings } from '../../../store/recordings';

/**
 * Descriptions typed but not saved, by recording, for this tab: opening another recording (or
 * reloading) no longer throws the text away (found by a trial); it is there when the person comes back.
 */
const DRAFT_KEY = (id: number) => `reclib.descriptionDraft.${id}`;
function readDraft(id: number): string | null {
  try {
    return sessionStorage.getItem(DRAFT_KEY(id));
  } catch {
    return null;
  }
}
function keepDraft(id: number, text: string | null): void {
  try {
    if (text === null) sessionStorage.removeItem(DRAFT_KEY(id));
    else sessionStorage.setItem(DRAFT_KEY(id), text);
  } catch {
    // storage off or full: the draft lives as long as the panel
  }
}

export function DetailMetadata({ rec }: { rec: RecordingDetail }) {
  const { t } = useTranslation();
  const saved = rec.description ?? '';
  const [draft, setDraftState] = useState(() => readDraft(rec.id) ?? saved);
  const setDraft = (text: string) => {
    setDraftState(text);
    keepDraft(rec.id, text.trim() === saved.trim() ? null : text);
  };
  const [shownSaved, setShownSaved] = useState(saved);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useTagInput();
  // A change made elsewhere (the CLI, the Tags… dialog) shows here unless the person is typing.
  if (saved !== shownSaved) {
    setShownSaved(saved);
    if (draft === shownSaved) setDraft(saved);
  }

  const run = async (fn: () => Promise<unknown>, done?: string) => {
    setError(null);
    setNotice(null);
    try {
      await fn();
      useRecordings.getState().reload(); // the detail panel reloads with the list
      if (done) setNotice(done);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const addTags = () => {
    if (!input.tags?.length) return;
    void run(() => api['recordings:tag']({ ids: [rec.id], add: input.tags ?? [] })).then(() => input.setText(''));
  };

  return (
    <section className="metadata" aria-label={t('metadata.label')}>
      <h3>{t('metadata.title')}</h3>
      <label className="field">
        <span>{t('metadata.description')}</span>
        <textarea rows={3} value={draft} placeholder={t('metadata.descriptionPlaceholder')} onChange={(e) => setDraft(e.target.value)} />
      </label>
      <div className="row gap">
        <button
          disabled={draft.trim() === saved.trim()}
          onClick={() =>
            void run(async () => {
              await api['recordings:describe']({ id: rec.id, description: draft });
              keepDraft(rec.id, null);
            }, t('metadata.descriptionSaved'))
          }
        >
          {t('metadata.saveDescription')}
        </button>
      </div>
      <h4>{t('metadata.tags')}</h4>
      {rec.tags.length ? (
        <ul className="tag-list" aria-label={t('metadata.tags')}>
          {rec.tags.map((tag) => (
            <li key={tag} className="tag-chip">
              <span className="tag-name">{tag}</span>
              <button className="icon" aria-label={t('metadata.removeTag', { tag })} onClick={() => void run(() => api['recordings:tag']({ ids: [rec.id], remove: [tag] }))}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('metadata.noTags')}</p>
      )}
      <form
        className="row gap"
        onSubmit={(e) => {
          e.preventDefault();
          addTags();
        }}
      >
        <input aria-label={t('metadata.newTags')} placeholder={t('metadata.newTags')} value={input.text} onChange={(e) => input.setText(e.target.value)} />
        <button type="submit" disabled={!input.tags?.length}>
          {t('metadata.addTags')}
        </button>
      </form>
      {input.problem ? <p role="alert">{input.problem}</p> : null}
      <p className="muted">{t('metadata.searchHint')}</p>
      {notice ? <p role="status">{notice}</p> : null}
      {error ? <div className="banner error">{error}</div> : null}
    </section>
  );
}
