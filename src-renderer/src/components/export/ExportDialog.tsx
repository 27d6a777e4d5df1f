import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useFormat } from '../../i18n/useFormat';
import { errorMessage } from '../../lib/errors';
import { useJobs } from '../../store/jobs';
import { FolderField } from '../FolderField';
import { Dialog } from '../Dialog';
import { describeProgress, progressFraction } from '../jobProgress';
import { ProgressBar } from '../ProgressBar';
import { sayReason } from '../../lib/reasons';

/**
 * Export: where to, processed or original, then the job's progress (cancellable) and what became
 * of each recording. Only ids go to the core; the folder is where files are written, never removed.
 */
export function ExportDialog({ ids, onClose }: { ids: number[]; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [folder, setFolder] = useState('');
  const [source, setSource] = useState(false);
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useJobs((s) => (jobId === null ? undefined : s.jobs.get(jobId)));
  const running = job !== undefined && (job.state === 'queued' || job.state === 'running');
  const ended = job !== undefined && !running;
  const report = ended && job.kind === 'export' ? job.summary : null;

  const start = async () => {
    setError(null);
    try {
      const res = await api['export:start']({ ids, to: folder.trim(), source });
      setJobId(res.jobId);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Dialog
      title={t('exportDialog.title', { count: ids.length })}
      onClose={onClose}
      actions={
        <>
          {running ? (
            <button onClick={() => void api['jobs:cancel']({ id: job.id })}>{t('common.cancel')}</button>
          ) : (
            <button onClick={onClose}>{ended ? t('common.close') : t('common.cancel')}</button>
          )}
          {job === undefined ? (
            <button className="primary" disabled={!folder.trim()} onClick={() => void start()}>
              {t('exportDialog.start')}
            </button>
          ) : null}
        </>
      }
    >
      {job === undefined ? (
        <>
          <p className="muted">{t('exportDialog.intro')}</p>
          <FolderField label={t('exportDialog.folder')} placeholder={t('exportDialog.folderPlaceholder')} value={folder} onChange={setFolder} onError={setError} />
          <label className="check">
            <input type="checkbox" checked={source} onChange={(e) => setSource(e.target.checked)} /> {t('exportDialog.source')}
          </label>
        </>
      ) : null}
      {job !== undefined ? (
        <>
          <ProgressBar value={progressFraction(job.progress)} label={t('exportDialog.progress')} />
          <p className="muted">{describeProgress(job.progress, running, fmt, t)}</p>
        </>
      ) : null}
      {ended && job.state === 'done' && report?.exported ? (
        <p role="status">{t('exportDialog.done', { count: report.exported.length, folder: report.folder ?? folder })}</p>
      ) : null}
      {ended && job.state === 'cancelled' ? <p role="status">{t('exportDialog.cancelled')}</p> : null}
      {ended && job.state === 'failed' ? <p role="alert">{t('exportDialog.error', { reason: job.error ?? '' })}</p> : null}
      {report?.failed?.length ? (
        <div role="alert">
          <p>{t('exportDialog.failedHead', { count: report.failed.length })}</p>
          <ul>
            {report.failed.map((f) => (
              <li key={f.id}>{t('exportDialog.failed', { id: f.id, reason: sayReason(f.reason).text })}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
    </Dialog>
  );
}
