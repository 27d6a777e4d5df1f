import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibraryProblem, LibraryStatus } from '@shared/domain';
import { api } from '../../api/client';
import { formatTime } from '@shared/ui-format';
import { errorMessage } from '../../lib/errors';
import { useLibrary } from '../../store/library';
import { CreateConfirm } from './CreateConfirm';
import { OpenAnother } from './OpenAnother';
import './LibraryNotFound.css';
import { ReasonText } from '../../components/ReasonText';

/**
 * Shown instead of the app when the library it was asked for cannot be opened: a remembered
 * library on a disk that is not connected is never replaced by a new, empty one. The person
 * chooses: Retry (the disk is back), Locate… (the library moved), Create a new library here (two
 * clicks, with the warning), or open another library.
 */
export function LibraryNotFound({ problem }: { problem: LibraryProblem | null }) {
  const { t, i18n } = useTranslation();
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

  const act = async (what: () => Promise<LibraryStatus>, still: 'notFound.stillNot' | 'notFound.notOpened' | 'notFound.notCreated') => {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const status = await what();
      useLibrary.getState().setStatus(status);
      if (status.state !== 'open') setNote(t(still, { time: formatTime(new Date(), i18n.language) }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const retry = () => act(() => api['library:retry']({}), 'notFound.stillNot');
  const openPath = (path: string) =>
    act(async () => {
      await api['library:open']({ root: path });
      return api['library:status']({});
    }, 'notFound.notOpened');
  const create = () => {
    if (!root) return;
    setConfirmCreate(false);
    void act(() => api['library:create']({ root, confirm: true }), 'notFound.notCreated');
  };
  const locate = async () => {
    if (!native) {
      // No native folder picker in a browser: the path is typed below.
      input.current?.focus();
      return;
    }
    const res = await api['dialog:pick']({ kind: 'folder', title: t('notFound.locateTitle') });
    if (res.paths?.[0]) await openPath(res.paths[0]);
  };

  return (
    <div className="not-found-screen">
      <main className="card not-found" aria-labelledby="not-found-title">
        <h1 id="not-found-title">{problem ? t(`notFound.titles.${problem.kind}`) : t('notFound.noLibrary')}</h1>
        {problem ? (
          <>
            <p className="not-found-path" aria-label={t('notFound.folder')} title={problem.root}>
              {problem.root}
            </p>
            <p className="not-found-reason">
              <ReasonText text={problem.message} />
            </p>
            <div className="row gap">
              <button className="primary" disabled={busy} onClick={() => void retry()}>
                {t('notFound.retry')}
              </button>
              <button disabled={busy} onClick={() => void locate()}>
                {t('notFound.locate')}
              </button>
              {problem.kind === 'not-found' ? (
                <button disabled={busy} onClick={() => setConfirmCreate(true)}>
                  {t('notFound.create')}
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
