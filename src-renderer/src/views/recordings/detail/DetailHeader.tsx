import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  displayName: string;
  editing: boolean;
  name: string;
  setName: (n: string) => void;
  setEditing: (e: boolean) => void;
  onRename: () => void;
  onClose: () => void;
  /** Where the keyboard goes when a rename ends and its field took the focus with it. */
  onEditEnd: () => void;
}

/** The name (double-click or Rename to edit) and the close button. */
export function DetailHeader({ displayName, editing, name, setName, setEditing, onRename, onClose, onEditEnd }: Props) {
  const { t } = useTranslation();
  // The field goes with the rename, and the focus with it to <body>, where arrows and Space do
  // nothing (found by a trial): it goes back to where the keyboard was.
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && !editing && (document.activeElement === null || document.activeElement === document.body)) onEditEnd();
    wasEditing.current = editing;
  }, [editing, onEditEnd]);
  return (
    <div className="detail-head">
      {editing ? (
        <form
          className="rename"
          onSubmit={(e) => {
            e.preventDefault();
            onRename();
          }}
        >
          <input
            aria-label={t('detail.displayName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => {
              // Escape cancels the rename only; the panel stays open.
              if (e.key === 'Escape') {
                e.stopPropagation();
                setEditing(false);
                setName(displayName);
              }
            }}
            autoFocus
          />
          <button type="submit" className="primary">{t('common.save')}</button>
          <button
            type="button"
            onClick={() => {
              setEditing(false);
              setName(displayName);
            }}
          >
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <h2 title={t('detail.renameHint')} onDoubleClick={() => setEditing(true)}>
          {displayName}
        </h2>
      )}
      <button className="icon" aria-label={t('detail.close')} onClick={onClose}>✕</button>
    </div>
  );
}
