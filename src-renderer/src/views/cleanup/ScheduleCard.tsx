import type { ScheduleEntry } from '@shared/channels/integrity';
import { api } from '../../api/client';
import { formatBytes, formatDate } from '../../format';
import { useIntegrity } from '../../store/integrity';
import { KIND_LABELS } from './labels';

function lastResultText(s: ScheduleEntry): string {
  const r = s.lastResult;
  if (!r) return '—';
  if (r.error) return `failed: ${r.error}`;
  if (r.needsConfirm) return `not run: ${r.refused ?? 'a mass change waits for your confirmation'}`;
  return `${r.done} done, ${formatBytes(r.bytes)}`;
}

const reload = () => useIntegrity.getState().loadCleanup();

/** The kinds that run on their own: on/off, how often, when last and next, and what the last run did. */
export function ScheduleCard({ schedule }: { schedule: ScheduleEntry[] }) {
  return (
    <div className="card wide">
      <h2>Schedule</h2>
      <table className="integrity-table" aria-label="Schedule">
        <thead>
          <tr>
            <th>Kind (on a schedule)</th>
            <th>Every</th>
            <th>Last run</th>
            <th>Next run</th>
            <th>Result</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {schedule.map((s) => (
            <tr key={s.kind}>
              <td>
                <label className="check">
                  <input
                    type="checkbox"
                    aria-label={`Run ${KIND_LABELS[s.kind].toLowerCase()} on a schedule`}
                    checked={s.enabled}
                    onChange={(e) => void api['settings:update']({ patch: { schedules: { enabled: { [s.kind]: e.target.checked } } } }).then(reload)}
                  />
                  <span>{KIND_LABELS[s.kind]}</span>
                </label>
              </td>
              <td>{s.everyHours >= 24 ? `${s.everyHours / 24} d` : `${s.everyHours} h`}</td>
              <td>{s.lastRun ? formatDate(s.lastRun) : 'never'}</td>
              <td>{s.nextRun ? formatDate(s.nextRun) : 'off'}</td>
              <td>{lastResultText(s)}</td>
              <td>
                <button onClick={() => void api['cleanup:schedule']({ runNow: s.kind }).then(reload)}>Run now</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
