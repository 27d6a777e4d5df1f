import { useTranslation } from 'react-i18next';
import { useFolderBrowser } from './folders';

/** A minimal folder picker over the server's folder list (browser mode). */
export function FolderBrowser({ onPick, onCancel }: { onPick: (folder: string) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const { at, listing, error, open, up } = useFolderBrowser();
  return (
    <div className="folder-browser" role="dialog" aria-label={t('upload.chooseFolder')}>
      <div className="folder-browser-path">{at ?? t('upload.places')}</div>
      {error && <p role="alert">{error}</p>}
      <ul>
        {at !== null && (
          <li>
            <button type="button" onClick={up}>
              ..
            </button>
          </li>
        )}
        {listing?.entries.map((e) => (
          <li key={e.path}>
            <button type="button" onClick={() => open(e.path)}>
              {e.name}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" disabled={at === null} onClick={() => at && onPick(at)}>
        {t('upload.chooseThis')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('upload.cancel')}
      </button>
    </div>
  );
}
