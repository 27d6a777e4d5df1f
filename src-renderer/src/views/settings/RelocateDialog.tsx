import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { describeProgress, progressFraction } from '../../components/jobProgress';
import { ProgressBar } from '../../components/ProgressBar';
import { useFormat } from '../../i18n/useFormat';
import { errorMessage } from '../../lib/errors';
import { sayReason } from '../../lib/reasons';
import { useJobs } from '../../store/jobs';
import { useLibrary } from '../../store/library';
import { FolderField } from '../../components/FolderField';

/**
 * "Move library to…": an empty folder (or a bigger disk), keep the old copy or not, then the job's
 * progress with its ETA (cancellable). The folder is where files are written; the core checks it
 * and refuses a full disk, a folder that is not empty or one inside the library before copying.
 */
export function RelocateDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [folder, setFolder] = useState('');
  const [keepOld, setKeepOld] = useState(false);
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const root = useLibrary((s) => s.info?.root);
  const job = useJobs((s) => (jobId === null ? undefined : s.jobs.get(jobId)));
  const running = job !== undefined && (job.state === 'queued' || job.state === 'running');
  const ended = job !== undefined && !running;
  const summary = job?.kind === 'relocate' ? job.summary : {};
  // The job ends when the new place is whole; the app switches to it right after.
  const switched = ended && job.state === 'done' && summary.to !== undefined && root === summary.to;

  const start = async () => {
    setError(null);
    try {
      const res = await api['relocate:start']({ to: folder.trim(), keepOld });
      setJobId(res.jobId);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Dialog
      title={t('relocateDialog.title')}
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
              {t('relocateDialog.start')}
            </button>
          ) : null}
        </>
      }
    >
      {job === undefined ? (
        <>
          <p className="muted">{t('relocateDialog.intro', { path: root ?? '' })}</p>
          <FolderField label={t('relocateDialog.folder')} placeholder={t('relocateDialog.folderPlaceholder')} value={folder} onChange={setFolder} onError={setError} />
          <label className="check">
            <input type="checkbox" checked={keepOld} onChange={(e) => setKeepOld(e.target.checked)} /> {t('relocateDialog.keepOld')}
          </label>
        </>
      ) : (
        <>
          <ProgressBar value={progressFraction(job.progress)} label={t('relocateDialog.progress')} />
          <p className="muted">{describeProgress(job.progress, running, fmt, t)}</p>
        </>
      )}
      {ended && job.state === 'done' && !switched ? <p role="status">{t('relocateDialog.switching')}</p> : null}
      {switched ? <p role="status">{keepOld ? t('relocateDialog.doneKept', { folder: summary.to, old: summary.from }) : t('relocateDialog.done', { folder: summary.to })}</p> : null}
      {ended && job.state === 'cancelled' ? <p role="status">{t('relocateDialog.cancelled')}</p> : null}
      {ended && job.state === 'failed' ? <p role="alert">{t('relocateDialog.error', { reason: job.error ? sayReason(job.error).text : '' })}</p> : null}
      {error ? <p role="alert">{error}</p> : null}
    </Dialog>
  );
}
