import type { AuditEntry } from '@shared/channels/integrity';
import { formatBytes, formatDate } from '../../format';

/** Every removal and quarantine, newest first. */
export function AuditCard({ audit }: { audit: AuditEntry[] }) {
  return (
    <div className="card wide">
      <h2>Audit log</h2>
      {audit.length === 0 ? (
        <p className="muted">Nothing removed yet.</p>
      ) : (
        <table className="integrity-table" aria-label="Audit log">
          <tbody>
            {audit.map((a) => (
              <tr key={a.id}>
                <td>{formatDate(a.at)}</td>
                <td>{a.action}</td>
                <td className="path">{a.path ?? (a.recordingId !== null ? `Recording #${a.recordingId}` : '')}</td>
                <td>{a.reason}</td>
                <td className="num">{formatBytes(a.bytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
