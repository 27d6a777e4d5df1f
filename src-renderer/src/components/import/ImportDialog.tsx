import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobInfo } from '@shared/jobs';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { Dialog } from '../Dialog';
import { useJobs } from '../../store/jobs';
import { ImportForm } from './ImportForm';
import { ImportProgress } from './ImportProgress';

export function ImportDialog({ initialPaths, onClose }: { initialPaths: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(initialPaths.join('\n'));
  const [move, setMove] = useState(false);
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [profileId, setProfileId] = useState(1);
  const job: JobInfo | undefined = useJobs((s) => (jobId !== null ? s.jobs.get(jobId) : undefined));

  useEffect(() => {
    if (initialPaths.length) setText(initialPaths.join('\n'));
  }, [initialPaths]);

  const paths = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

  const start = async () => {
    setError(null);
    try {
      const res = await api['import:start']({ paths, move, profileId, force: false });
      setJobId(res.jobId);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const running = job && (job.state === 'running' || job.state === 'queued');
  const finished = job && !running;

  return (
    <Dialog
      title={t('import.title')}
      onClose={onClose}
      actions={
        <>
          {running ? (
            <button onClick={() => void api['jobs:cancel']({ id: job.id })}>{t('import.cancelImport')}</button>
          ) : (
            <button onClick={onClose}>{finished ? t('common.close') : t('common.cancel')}</button>
          )}
          {jobId === null ? (
            <button className="primary" disabled={paths.length === 0} onClick={() => void start()}>
              {t('import.start')}
            </button>
          ) : null}
        </>
      }
    >
        {jobId === null ? (
          <ImportForm text={text} setText={setText} paths={paths} move={move} setMove={setMove} profileId={profileId} setProfileId={setProfileId} setError={setError} onSubmit={() => paths.length > 0 && void start()} />
        ) : null}
        {job ? <ImportProgress job={job} /> : null}
        {error ? <div className="banner error" role="alert">{error}</div> : null}
    </Dialog>
  );
}
