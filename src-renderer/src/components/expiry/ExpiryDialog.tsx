import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExpiryChoice, ExpiryReport } from '@shared/expiry';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { sayReason } from '../../lib/reasons';
import { useRecordings } from '../../store/recordings';
import { Dialog } from '../Dialog';

type Kind = 'days' | 'date' | 'never' | 'profile';

/** The local day as YYYY-MM-DD, what a date input holds. */
function isoDay(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

function choiceOf(kind: Kind, days: number, date: string): ExpiryChoice | null {
  if (kind === 'never' || kind === 'profile') return { kind };
  if (kind === 'days') return Number.isInteger(days) && days > 0 ? { kind: 'at', at: new Date(Date.now() + days * 86_400_000).toISOString() } : null;
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return null;
  return { kind: 'at', at: new Date(y, m - 1, d).toISOString() }; // the start of that day, here
}

/** When the selected recordings expire. Nothing is removed here: the expired cleanup lists them. */
export function ExpiryDialog({ ids, onClose }: { ids: number[]; onClose: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('days');
  const [days, setDays] = useState(30);
  const [date, setDate] = useState(() => isoDay(new Date(Date.now() + 30 * 86_400_000)));
  const [done, setDone] = useState<ExpiryReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const choice = choiceOf(kind, days, date);

  const save = async () => {
    if (!choice) return;
    setError(null);
    try {
      setDone(await api['recordings:setExpiry']({ ids, expiry: choice }));
      useRecordings.getState().reload();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const option = (k: Kind) => (
    <label className="check">
      <input type="radio" name="expiry-kind" checked={kind === k} onChange={() => setKind(k)} /> {t(`expiryDialog.${k}`)}
    </label>
  );

  return (
    <Dialog
      title={t('expiryDialog.title', { count: ids.length })}
      onClose={onClose}
      actions={
        <>
          <button onClick={onClose}>{done ? t('common.close') : t('common.cancel')}</button>
          {!done ? (
            <button className="primary" disabled={!choice} onClick={() => void save()}>
              {t('expiryDialog.save')}
            </button>
          ) : null}
        </>
      }
    >
      <p className="muted">{t('expiryDialog.intro')}</p>
      <fieldset disabled={done !== null}>
        <legend>{t('expiryDialog.choice')}</legend>
        {option('days')}
        {kind === 'days' ? (
          <label className="field">
            <span>{t('expiryDialog.daysCount')}</span>
            <input type="number" min={1} step={1} value={days} onChange={(e) => setDays(Number(e.target.value))} />
          </label>
        ) : null}
        {option('date')}
        {kind === 'date' ? (
          <label className="field">
            <span>{t('expiryDialog.dateValue')}</span>
            <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          </label>
        ) : null}
        {option('never')}
        {option('profile')}
      </fieldset>
      {done ? <p role="status">{t('expiryDialog.saved', { count: done.updated.length })}</p> : null}
      {done?.skipped.length ? (
        <ul role="alert">
          {done.skipped.map((s) => (
            <li key={s.id}>{t('expiryDialog.skipped', { id: s.id, reason: sayReason(s.reason).text })}</li>
          ))}
        </ul>
      ) : null}
      {error ? <p role="alert">{error}</p> : null}
    </Dialog>
  );
}
