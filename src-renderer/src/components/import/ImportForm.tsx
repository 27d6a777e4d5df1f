import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useLibrary } from '../../store/library';
import { FolderBrowser } from '../../upload/FolderBrowser';
import { profileName } from '../../lib/profile-name';

interface Props {
  text: string;
  setText: (t: string) => void;
  paths: string[];
  move: boolean;
  setMove: (m: boolean) => void;
  profileId: number;
  setProfileId: (id: number) => void;
  setError: (e: string | null) => void;
  onSubmit: () => void;
}

/** What to import: paths (typed, pasted, or picked), copy or move, and the profile. Ctrl/Cmd+Enter in the paths imports. */
export function ImportForm({ text, setText, paths, move, setMove, profileId, setProfileId, setError, onSubmit }: Props) {
  const { t } = useTranslation();
  const profiles = useLibrary((s) => s.info?.profiles ?? []);
  // A browser has no folder dialog: the server lists its folders instead (browser mode only).
  const [browsing, setBrowsing] = useState(false);
  const browse = async (kind: 'folder' | 'files') => {
    if (kind === 'folder' && !window.reclib) {
      setBrowsing(true);
      return;
    }
    try {
      const res = await api['dialog:pick']({ kind, title: t('import.pickerTitle') });
      if (res.paths) setText([...paths, ...res.paths].join('\n'));
      else if (res.paths === null && !window.reclib) setError(t('import.noPicker'));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <>
      <label className="field">
        <span>{t('import.pathsLabel')}</span>
        <textarea
          aria-label={t('import.paths')}
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              onSubmit();
            }
          }}
          placeholder={t('import.pathsPlaceholder')}
          spellCheck={false}
        />
      </label>
      <div className="row gap">
        <button onClick={() => void browse('folder')}>{t('import.chooseFolder')}</button>
        <button onClick={() => void browse('files')}>{t('import.chooseFiles')}</button>
      </div>
      {browsing ? (
        <FolderBrowser
          onPick={(folder) => {
            setText([...paths, folder].join('\n'));
            setBrowsing(false);
          }}
          onCancel={() => setBrowsing(false)}
        />
      ) : null}
      <label className="check">
        <input type="checkbox" checked={move} onChange={(e) => setMove(e.target.checked)} /> {t('import.move')}
      </label>
      {profiles.length > 1 ? (
        <label className="field">
          <span>{t('import.profile')}</span>
          <select value={profileId} onChange={(e) => setProfileId(Number(e.target.value))}>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {profileName(p)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </>
  );
}
