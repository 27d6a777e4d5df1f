import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useLibrary } from '../../store/library';

interface Props {
  text: string;
  setText: (t: string) => void;
  paths: string[];
  move: boolean;
  setMove: (m: boolean) => void;
  profileId: number;
  setProfileId: (id: number) => void;
  setError: (e: string | null) => void;
}

/** What to import: paths (typed, pasted, or picked), copy or move, and the profile. */
export function ImportForm({ text, setText, paths, move, setMove, profileId, setProfileId, setError }: Props) {
  const profiles = useLibrary((s) => s.info?.profiles ?? []);
  const browse = async (kind: 'folder' | 'files') => {
    try {
      const res = await api['dialog:pick']({ kind, title: 'Choose recordings to import' });
      if (res.paths) setText([...paths, ...res.paths].join('\n'));
      else if (res.paths === null && !window.reclib) setError('This browser cannot open a file picker: type or paste the paths instead.');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <>
      <label className="field">
        <span>Files or folders, one per line</span>
        <textarea aria-label="Paths to import" rows={4} value={text} onChange={(e) => setText(e.target.value)} placeholder="/home/me/Zoom" spellCheck={false} />
      </label>
      <div className="row gap">
        <button onClick={() => void browse('folder')}>Choose folder…</button>
        <button onClick={() => void browse('files')}>Choose files…</button>
      </div>
      <label className="check">
        <input type="checkbox" checked={move} onChange={(e) => setMove(e.target.checked)} /> Move instead of copy (originals are removed only after the library copy is verified)
      </label>
      {profiles.length > 1 ? (
        <label className="field">
          <span>Profile</span>
          <select value={profileId} onChange={(e) => setProfileId(Number(e.target.value))}>
            {profiles.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </>
  );
}
