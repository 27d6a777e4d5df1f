/** Adds and removes tags on the selected recordings at once. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TagReport } from '@shared/metadata';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { sayReason } from '../../lib/reasons';
import { useRecordings } from '../../store/recordings';
import { useTagInput } from './useTagInput';
import { Dialog } from '../Dialog';

export function TagsDialog({ ids, onClose }: { ids: number[]; onClose: () => void }) {
  const { t } = useTranslation();
  const add = useTagInput();
  const remove = useTagInput();
  const [done, setDone] = useState<TagReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ready = add.tags !== null && remove.tags !== null && add.tags.length + remove.tags.length > 0;

  const apply = async () => {
    if (!ready) return;
    setError(null);
    try {
      setDone(await api['recordings:tag']({ ids, add: add.tags ?? [], remove: remove.tags ?? [] }));
      useRecordings.getState().reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Dialog
      title={t('metadata.tagsTitle', { count: ids.length })}
      onClose={onClose}
      actions={
        <>
          <button onClick={onClose}>{done ? t('common.close') : t('common.cancel')}</button>
          {!done ? (
            <button className="primary" disabled={!ready} onClick={() => void apply()}>
              {t('metadata.apply')}
            </button>
          ) : null}
        </>
      }
    >
      <p className="muted">{t('metadata.tagsIntro')}</p>
      <fieldset disabled={done !== null}>
        <label className="field">
          <span>{t('metadata.tagsAdd')}</span>
          <input value={add.text} onChange={(e) => add.setText(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('metadata.tagsRemove')}</span>
          <input value={remove.text} onChange={(e) => remove.setText(e.target.value)} />
        </label>
      </fieldset>
      {add.problem ?? remove.problem ? <p role="alert">{add.problem ?? remove.problem}</p> : null}
      {done ? <p role="status">{t('metadata.applied', { count: done.updated.length })}</p> : null}
      {done?.skipped.length ? (
        <ul role="alert">
          {done.skipped.map((s) => (
            <li key={s.id}>{t('metadata.skipped', { id: s.id, reason: sayReason(s.reason).text })}</li>
          ))}
        </ul>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
    </Dialog>
  );
}
