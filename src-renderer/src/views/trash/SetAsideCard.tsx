/**
 * The files a cleanup set aside in trash/ (files nothing in the catalog owned): where each was and
 * when retention removes it. Audio and video can become recordings again (an import of a copy);
 * any file can be taken back by hand from the library folder, whose path is shown.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetAsideEntry } from '@shared/channels/integrity';
import { api, onEvent } from '../../api/client';
import { useFormat } from '../../i18n/useFormat';
import { errorMessage } from '../../lib/errors';
import { sayReason } from '../../lib/reasons';
import { jobEnd } from '../../store/job-end';

/** A trash/<day> folder's day as the person writes dates (the folder's day is a UTC day). */
const day = (iso: string | null, lng: string): string => (iso ? new Intl.DateTimeFormat(lng, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(iso)) : '—');

export function SetAsideCard() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [files, setFiles] = useState<SetAsideEntry[] | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    const load = () => void api['trash:setAside']({}).then(setFiles, (err: unknown) => setFailure(errorMessage(err)));
    load();
    return onEvent('library:changed', load);
  }, []);

  const importOne = async (f: SetAsideEntry) => {
    setBusy(f.id);
    setNote(null);
    setFailure(null);
    try {
      const r = await api['trash:importSetAside']({ ids: [f.id] });
      if (r.skipped.length) setFailure(r.skipped.map((s) => sayReason(s.reason).text).join('; '));
      for (const jobId of r.jobIds) {
        const job = await jobEnd(jobId, 'import');
        // Not imported: refused (damaged), or skipped (its content is a recording already).
        const notImported = [...(job.summary.failed ?? []), ...(job.summary.skipped ?? [])];
        if (notImported.length) setFailure(notImported.map((x) => sayReason(x.reason).text).join('; '));
        else if ((job.summary.imported ?? 0) > 0) setNote(t('setAside.imported', { name: f.from.split('/').pop() }));
      }
    } catch (err) {
      setFailure(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  if (!files || files.length === 0) return null;
  return (
    <section className="card set-aside" aria-labelledby="set-aside-title">
      <h2 id="set-aside-title">{t('setAside.title')}</h2>
      <p className="muted">{t('setAside.intro')}</p>
      {note ? <div className="banner info" role="status">{note}</div> : null}
      {failure ? <div className="banner error" role="alert">{failure}</div> : null}
      <table className="integrity-table" aria-label={t('setAside.table')}>
        <thead>
          <tr>
            <th>{t('setAside.columns.from')}</th>
            <th>{t('setAside.columns.setAside')}</th>
            <th>{t('setAside.columns.purge')}</th>
            <th className="num">{t('setAside.columns.size')}</th>
            <th>
              <span className="sr-only">{t('setAside.columns.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {files.map((f) => (
            <tr key={f.id}>
              <td>
                <div>{f.from}</div>
                <div className="muted path" title={t('setAside.nowAt')}>
                  {f.path}
                </div>
              </td>
              <td>{day(f.setAsideAt, fmt.lng)}</td>
              <td>{day(f.purgeAt, fmt.lng)}</td>
              <td className="num">{fmt.bytes(f.bytes)}</td>
              <td>
                {f.importable ? (
                  <button disabled={busy !== null} onClick={() => void importOne(f)} aria-label={t('setAside.importNamed', { name: f.from })}>
                    {t('setAside.import')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
