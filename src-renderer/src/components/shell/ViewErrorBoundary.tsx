/**
 * Keeps a failing view to its own frame. Every view but Recordings is a chunk fetched when first
 * opened; in the browser, with the Reclib server stopped, that fetch rejects, and without a
 * boundary React unmounts the whole tree (a blank page, the navigation gone with it).
 */
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Chromium, Firefox and Safari word a failed dynamic import differently. */
const CHUNK_FAILED = /dynamically imported module|Importing a module script failed|Failed to fetch|error loading dynamically imported module/i;

function ViewError({ error }: { error: Error }) {
  const { t } = useTranslation();
  const unreachable = CHUNK_FAILED.test(error.message);
  return (
    <section className="view view-error" role="alert" aria-labelledby="view-error-title">
      <h1 id="view-error-title">{t('viewError.title')}</h1>
      <p>{t(unreachable ? 'viewError.unreachable' : 'viewError.failed')}</p>
      {unreachable ? null : (
        <details className="reason-detail">
          <summary>{t('common.technicalDetails')}</summary>
          <pre>{error.message}</pre>
        </details>
      )}
      {/* A reload, not a re-render: React.lazy keeps a failed import's rejection for good. */}
      <button className="primary" onClick={() => window.location.reload()}>
        {t('viewError.retry')}
      </button>
    </section>
  );
}

export class ViewErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    return this.state.error ? <ViewError error={this.state.error} /> : this.props.children;
  }
}
