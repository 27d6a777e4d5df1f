import { useEffect, useRef, useState } from 'react';
import type { LibraryProblem, LibraryStatus } from '@shared/domain';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useLibrary } from '../../store/library';
import { CreateConfirm } from './CreateConfirm';
import { OpenAnother } from './OpenAnother';
import './LibraryNotFound.css';

const TITLES: Record<LibraryProblem['kind'], string> = {
  'not-found': 'Library not found',
  damaged: 'The library’s catalog is damaged',
  'read-only': 'The library is read-only',
  locked: 'The library is in use',
  failed: 'The library could not be opened',
};

/**
 * Shown instead of the app when the library it was asked for cannot be opened: a remembered
 * library on a disk that is not connected is never replaced by a new, empty one. The person
 * chooses: Retry (the disk is back), Locate… (the library moved), Create a new library here (two
 * clicks, with the warning), or open another library.
 */
export function LibraryNotFound({ problem }: { problem: LibraryProblem | null }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [confirmCreate, setConfirmCreate] = useState(false);
  const [known, setKnown] = useState<string[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const native = Boolean(window.reclib);
  const root = problem?.root ?? null;

  useEffect(() => {
    api['app:settings']({}).then(
      (s) => setKnown(s.libraries.filter((l) => l !== root)),
      () => setKnown([]),
    );
  }, [root]);

  const act = async (what: () => Promise<LibraryStatus>, still: string) => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const status = await what();
      useLibrary.getState().setStatus(status);
      if (status.state !== 'open') setNote(`${still} (checked at ${new Date().toLocaleTimeString()}).`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const retry = () => act(() => api['library:retry']({}), 'Still not available');
  const openPath = (path: string) =>
    act(async () => {
      await api['library:open']({ root: path });
      return api['library:status']({});
    }, 'Not opened');
  const create = () => {
    if (!root) return;
    setConfirmCreate(false);
    void act(() => api['library:create']({ root, confirm: true }), 'Not created');
  };
  const locate = async () => {
    if (!native) {
      // No native folder picker in a browser: the path is typed below.
      input.current?.focus();
      return;
    }
    const res = await api['dialog:pick']({ kind: 'folder', title: 'Locate the folder that holds the library' });
    if (res.paths?.[0]) await openPath(res.paths[0]);
  };

  return (
    <div className="not-found-screen">
      <main className="card not-found" aria-labelledby="not-found-title">
        <h1 id="not-found-title">{problem ? TITLES[problem.kind] : 'No library is open'}</h1>
        {problem ? (
          <>
            <p className="not-found-path" aria-label="Library folder" title={problem.root}>
              {problem.root}
            </p>
            <p className="not-found-reason">{problem.message}</p>
            <div className="row gap">
              <button className="primary" disabled={busy} onClick={() => void retry()}>
                Retry
              </button>
              <button disabled={busy} onClick={() => void locate()}>
                Locate…
              </button>
              {problem.kind === 'not-found' ? (
                <button disabled={busy} onClick={() => setConfirmCreate(true)}>
                  Create a new library here
                </button>
              ) : null}
            </div>
            {note ? (
              <p className="not-found-note" role="status">
                {note}
              </p>
            ) : null}
            {confirmCreate ? <CreateConfirm root={problem.root} busy={busy} onCreate={create} onCancel={() => setConfirmCreate(false)} /> : null}
          </>
        ) : null}
        <OpenAnother known={known} busy={busy} input={input} onOpen={(p) => void openPath(p)} />
        {error ? (
          <div className="banner error" role="alert">
            {error}
          </div>
        ) : null}
      </main>
    </div>
  );
}
