import { useEffect } from 'react';
import { USAGE_KINDS } from '@shared/domain';
import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes } from '../../format';
import { useLibrary } from '../../store/library';

const KIND_LABELS: Record<string, string> = {
  source: 'Originals',
  video: 'Trimmed video',
  audio: 'Audio',
  poster: 'Posters',
  thumbnail: 'Thumbnails',
  transcript: 'Transcripts & subtitles',
  trash: 'Trash',
};

export function StorageView() {
  const storage = useLibrary((s) => s.storage);
  const info = useLibrary((s) => s.info);
  useEffect(() => {
    void useLibrary.getState().refreshStorage();
  }, []);
  if (!storage) return <section className="view">Loading…</section>;
  return (
    <section className="view storage-view" aria-label="Storage">
      <header className="view-head">
        <h1>Storage</h1>
      </header>
      {storage.disk ? (
        <div className="card">
          <h2>Library disk</h2>
          <p className="muted">{info?.root}</p>
          <ProgressBar value={(storage.disk.totalBytes - storage.disk.freeBytes) / Math.max(1, storage.disk.totalBytes)} />
          <p>
            <strong data-testid="disk-free">{formatBytes(storage.disk.freeBytes)}</strong> free of {formatBytes(storage.disk.totalBytes)}
          </p>
        </div>
      ) : null}
      {storage.profiles.map((p) => {
        const max = Math.max(1, ...Object.values(p.byKind));
        return (
          <div className="card" key={p.id} data-testid={`profile-usage-${p.id}`}>
            <h2>{p.name}</h2>
            <p>
              <strong data-testid="used-bytes">{formatBytes(p.usedBytes)}</strong> used
              {p.limitBytes !== null ? ` of ${formatBytes(p.limitBytes)} (${formatBytes(Math.max(0, p.limitBytes - p.usedBytes))} free)` : ' · no limit'}
            </p>
            {p.limitBytes !== null ? <ProgressBar value={p.usedBytes / Math.max(1, p.limitBytes)} /> : null}
            <table className="breakdown">
              <tbody>
                {USAGE_KINDS.map((k) => (
                  <tr key={k}>
                    <td>{KIND_LABELS[k]}</td>
                    <td className="bar-cell">
                      <div className="kind-bar" style={{ width: `${(p.byKind[k] / max) * 100}%` }} />
                    </td>
                    <td className="num" data-kind={k}>
                      {formatBytes(p.byKind[k])}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </section>
  );
}
