import { Suspense, useCallback, useEffect, useState } from 'react';
import { onEvent } from './api/client';
import { dropAnswers } from './api/first-screen';
import { AvailabilityBanner } from './components/AvailabilityBanner';
import { MediaBanner } from './components/shell/MediaBanner';
import { ShortcutsDialog } from './components/shell/ShortcutsDialog';
import { Sidebar } from './components/shell/Sidebar';
import { Toaster } from './components/shell/Toaster';
import { useShortcuts } from './components/shell/useShortcuts';
import { ViewErrorBoundary } from './components/shell/ViewErrorBoundary';
import { useJobs } from './store/jobs';
import { useLibrary } from './store/library';
import { useMedia } from './store/media';
import { useRecordings } from './store/recordings';
import { loadUiSettings } from './store/uiSettings';
import { START_VIEW } from '@shared/views';
import { views, type ViewId } from './views';
import { LibraryNotFound } from './views/not-found/LibraryNotFound';

/** The app when a library is open; "Library not found" (never a new, empty library) when not. */
export function App() {
  const status = useLibrary((s) => s.status);
  useEffect(() => {
    void loadUiSettings();
    // A status the page carried is the start's answer (store/library.ts); without one, ask.
    if (useLibrary.getState().status === null) void useLibrary.getState().refresh();
    // The first screen is up (children's effects ran first): answers the page carried are stale from now on.
    dropAnswers();
    return onEvent('library:changed', (e) => {
      if (e.reason === 'unavailable' || e.reason === 'opened') void useLibrary.getState().refresh();
    });
  }, []);
  if (status === null) return <div className="app" aria-busy="true" />;
  if (status.state !== 'open') return <LibraryNotFound problem={status.state === 'unavailable' ? status.problem : null} />;
  return <LibraryShell />;
}

/** Runs `fn` once the list's first page has answered (or failed), at most after 1 s. */
function afterFirstRows(fn: () => void): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    off();
    clearTimeout(timer);
    setTimeout(fn, 0);
  };
  const off = useRecordings.subscribe((s) => (s.total !== null || s.error !== null) && run());
  const timer = setTimeout(run, 1000);
  if (useRecordings.getState().total !== null) run();
  return () => {
    done = true;
    off();
    clearTimeout(timer);
  };
}

function useLibraryEvents() {
  useEffect(() => {
    // The status was just read (App); storage, counts, jobs and media are not on the first screen's
    // way: asked for once the first rows are in, so they do not queue before its query.
    const offFirst = afterFirstRows(() => {
      const lib = useLibrary.getState();
      void lib.refreshStorage();
      void lib.refreshCount();
      void useJobs.getState().load();
      void useMedia.getState().load();
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const offChanged = onEvent('library:changed', () => {
      // Bursts of changes (an import of many files) become one refresh.
      clearTimeout(timer);
      timer = setTimeout(() => {
        const l = useLibrary.getState();
        void l.refresh();
        void l.refreshStorage();
        void l.refreshCount();
        useRecordings.getState().reload();
      }, 150);
    });
    const offState = onEvent('library:state', () => void useLibrary.getState().refresh());
    return () => {
      offFirst();
      offChanged();
      offState();
    };
  }, []);
}

function LibraryShell() {
  const [view, setView] = useState<ViewId>(START_VIEW);
  const info = useLibrary((s) => s.info);
  const error = useLibrary((s) => s.error);
  const [help, setHelp] = useState(false);
  const [wantSearch, setWantSearch] = useState(0);
  useLibraryEvents();
  const onHelp = useCallback(() => setHelp(true), []);
  const onSearch = useCallback(() => {
    setView('recordings');
    setWantSearch((n) => n + 1);
  }, []);
  useShortcuts({ onHelp, onSearch });
  // The search box is in the Recordings view: focus it once that view shows.
  useEffect(() => {
    if (wantSearch === 0) return;
    const box = document.querySelector<HTMLInputElement>('input[type="search"]');
    box?.focus();
    box?.select();
  }, [wantSearch, view]);

  const Current = views.find((v) => v.id === view)?.component ?? views[0]!.component;
  return (
    <div className="app">
      <Sidebar view={view} onView={setView} />
      <main className="content">
        <AvailabilityBanner fallbackOffline={info?.state === 'offline'} root={info?.root} />
        {error ? (
          <div className="banner error" role="alert">
            {error}
          </div>
        ) : null}
        <MediaBanner />
        {/* Views other than Recordings load on first use; the frame stays while one arrives. */}
        {/* Keyed by the view: a view that failed does not take the next one down with it. */}
        <ViewErrorBoundary key={view}>
          <Suspense fallback={<div className="view" aria-busy="true" />}>
            <Current />
          </Suspense>
        </ViewErrorBoundary>
      </main>
      <Toaster />
      {help ? <ShortcutsDialog onClose={() => setHelp(false)} /> : null}
    </div>
  );
}
