import { useTranslation } from 'react-i18next';

interface Props {
  displayName: string;
  editing: boolean;
  name: string;
  setName: (n: string) => void;
  setEditing: (e: boolean) => void;
  onRename: () => void;
  onClose: () => void;
}

/** The name (double-click or Rename to edit) and the close button. */
export function DetailHeader({ displayName, editing, name, setName, setEditing, onRename, onClose }: Props) {
  const { t } = useTranslation();
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
