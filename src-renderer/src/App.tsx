import { useEffect, useState } from 'react';
import { onEvent } from './api/client';
import { AvailabilityBanner } from './components/AvailabilityBanner';
import { useJobs } from './store/jobs';
import { useLibrary } from './store/library';
import { useMedia } from './store/media';
import { useRecordings } from './store/recordings';
import { views, type ViewId } from './views';
import { LibraryNotFound } from './views/not-found/LibraryNotFound';

/** The app when a library is open; "Library not found" (never a new, empty library) when not. */
export function App() {
  const status = useLibrary((s) => s.status);
  useEffect(() => {
    void useLibrary.getState().refresh();
    return onEvent('library:changed', (e) => {
      if (e.reason === 'unavailable' || e.reason === 'opened') void useLibrary.getState().refresh();
    });
  }, []);
  if (status === null) return <div className="app" aria-busy="true" />;
  if (status.state !== 'open') return <LibraryNotFound problem={status.state === 'unavailable' ? status.problem : null} />;
  return <LibraryShell />;
}

function LibraryShell() {
  const [view, setView] = useState<ViewId>('recordings');
  const info = useLibrary((s) => s.info);
  const error = useLibrary((s) => s.error);
  const media = useMedia((s) => s.status);
  const checkingMedia = useMedia((s) => s.checking);
  const activeJobs = useJobs((s) => [...s.jobs.values()].filter((j) => j.state === 'running' || j.state === 'queued').length);

  useEffect(() => {
    void useLibrary.getState().refresh();
    void useLibrary.getState().refreshStorage();
    void useJobs.getState().load();
    void useMedia.getState().load();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const offChanged = onEvent('library:changed', () => {
      // Bursts of changes (an import of many files) become one refresh.
      clearTimeout(timer);
      timer = setTimeout(() => {
        void useLibrary.getState().refresh();
        void useLibrary.getState().refreshStorage();
        useRecordings.getState().reload();
      }, 150);
    });
    const offState = onEvent('library:state', () => void useLibrary.getState().refresh());
    return () => {
      offChanged();
      offState();
    };
  }, []);

  const Current = views.find((v) => v.id === view)?.component ?? views[0]!.component;
  return (
    <div className="app">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark" aria-hidden>●</span> Reclib
        </div>
        {views.map((v) => (
          <button key={v.id} className={`nav-item${v.id === view ? ' active' : ''}`} onClick={() => setView(v.id)} aria-current={v.id === view ? 'page' : undefined}>
            <span className="nav-icon" aria-hidden>{v.icon}</span>
            {v.label}
            {v.id === 'jobs' && activeJobs > 0 ? <span className="badge">{activeJobs}</span> : null}
          </button>
        ))}
        <div className="sidebar-foot" title={info?.root}>
          {info ? (
            <>
              <div className="lib-name">{info.root.split(/[\\/]/).pop()}</div>
              <div className="lib-meta">{info.recordingCount.toLocaleString()} recordings</div>
            </>
          ) : null}
        </div>
      </nav>
      <main className="content">
        <AvailabilityBanner fallbackOffline={info?.state === 'offline'} root={info?.root} />
        {error ? <div className="banner error" role="alert">{error}</div> : null}
        {media && !media.ok ? (
          <div className="banner error media-banner" role="alert">
            <strong>Processing is disabled: FFmpeg does not work.</strong> {media.problem} <em>How to fix it:</em> {media.fix}{' '}
            <button disabled={checkingMedia} onClick={() => void useMedia.getState().load(true)}>
              {checkingMedia ? 'Checking…' : 'Check again'}
            </button>
          </div>
        ) : null}
        <Current />
      </main>
    </div>
  );
}
