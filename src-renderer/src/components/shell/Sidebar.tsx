import { useTranslation } from 'react-i18next';
import { useJobs } from '../../store/jobs';
import { useLibrary } from '../../store/library';
import { type ViewId, views } from '../../views';

/** The views, the number of running jobs, and the open library with its number of recordings (the trash not counted). */
export function Sidebar({ view, onView }: { view: ViewId; onView: (v: ViewId) => void }) {
  const { t } = useTranslation();
  const info = useLibrary((s) => s.info);
  const activeJobs = useJobs((s) => [...s.jobs.values()].filter((j) => j.state === 'running' || j.state === 'queued').length);
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="brand">
        <span className="brand-mark" aria-hidden>
          ●
        </span>{' '}
        <span className="brand-name">{t('app.name')}</span>
      </div>
      {views.map((v) => (
        <button key={v.id} className={`nav-item${v.id === view ? ' active' : ''}`} onClick={() => onView(v.id)} aria-current={v.id === view ? 'page' : undefined} title={t(`nav.${v.id}`)}>
          <span className="nav-icon" aria-hidden>
            {v.icon}
          </span>
          <span className="nav-label">{t(`nav.${v.id}`)}</span>
          {v.id === 'jobs' && activeJobs > 0 ? (
            <span className="badge" title={t('nav.activeJobs', { count: activeJobs })}>
              {activeJobs}
            </span>
          ) : null}
        </button>
      ))}
      <div className="sidebar-foot" title={info?.root}>
        {info ? (
          <>
            <div className="lib-name">{info.root.split(/[\\/]/).pop()}</div>
            <div className="lib-meta">{t('nav.recordingCount', { count: info.recordingCount })}</div>
          </>
        ) : null}
      </div>
    </nav>
  );
}
