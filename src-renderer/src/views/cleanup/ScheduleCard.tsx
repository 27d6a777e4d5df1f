import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ScheduleEntry } from '@shared/channels/integrity';
import { api } from '../../api/client';
import { type Formatters, useFormat } from '../../i18n/useFormat';
import { useIntegrity } from '../../store/integrity';

function lastResultText(s: ScheduleEntry, t: TFunction, fmt: Formatters): string {
  const r = s.lastResult;
  if (!r) return t('common.notSet');
  if (r.error) return t('schedule.failed', { error: r.error });
  if (r.needsConfirm) return t('schedule.notRun', { reason: r.refused ?? t('schedule.waits') });
  return t('schedule.result', { count: r.done, size: fmt.bytes(r.bytes) });
}

const reload = () => useIntegrity.getState().loadCleanup();

function Row({ s }: { s: ScheduleEntry }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const kind = t(`cleanup.kind.${s.kind}`);
  return (
    <tr>
      <td>
        <label className="check">
          <input
            type="checkbox"
            aria-label={t('schedule.enable', { kind })}
            checked={s.enabled}
            onChange={(e) => void api['settings:update']({ patch: { schedules: { enabled: { [s.kind]: e.target.checked } } } }).then(reload)}
          />
          <span>{kind}</span>
        </label>
      </td>
      <td>{s.everyHours >= 24 ? t('time.days', { count: s.everyHours / 24 }) : t('time.hours', { count: s.everyHours })}</td>
      <td>{s.lastRun ? fmt.date(s.lastRun) : t('common.never')}</td>
      <td>{s.nextRun ? fmt.date(s.nextRun) : t('common.off')}</td>
      <td>{lastResultText(s, t, fmt)}</td>
      <td>
        <button aria-label={t('schedule.runNowNamed', { kind })} onClick={() => void useIntegrity.getState().runScheduled(s.kind)}>
          {t('schedule.runNow')}
        </button>
      </td>
    </tr>
  );
}

/** The kinds that run on their own: on/off, how often, when last and next, and what the last run did. */
export function ScheduleCard({ schedule }: { schedule: ScheduleEntry[] }) {
  const { t } = useTranslation();
  return (
    <div className="card wide">
      <h2>{t('schedule.title')}</h2>
      <table className="integrity-table" aria-label={t('schedule.title')}>
        <thead>
          <tr>
            <th>{t('schedule.columns.kind')}</th>
            <th>{t('schedule.columns.every')}</th>
            <th>{t('schedule.columns.lastRun')}</th>
            <th>{t('schedule.columns.nextRun')}</th>
            <th>{t('schedule.columns.result')}</th>
            <th>
              <span className="sr-only">{t('schedule.columns.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {schedule.map((s) => (
            <Row key={s.kind} s={s} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
