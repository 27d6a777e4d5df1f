import { useState } from 'react';
import type { WatcherHealth } from '@shared/channels/integrity';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';

function healthText(health: WatcherHealth): string {
  if (health.mode === 'watching') return `Watching ${health.watchedPaths.toLocaleString()} paths for changes made outside Reclib.`;
  if (health.mode === 'fallback') return `Not watching: Reclib re-scans the library every ${health.fallbackEveryMin ?? '?'} min instead.`;
  if (health.mode === 'starting') return 'Starting…';
  return 'Not watching (the library is offline or closed).';
}

/** The folder watcher's health, and a scan on demand. */
export function WatcherCard({ health }: { health: WatcherHealth | null }) {
  const [scanning, setScanning] = useState(false);
  const [scanResult, setScanResult] = useState<string | null>(null);
  const scanNow = async () => {
    setScanning(true);
    try {
      const r = await api['scan:run']({ apply: true });
      setScanResult(
        r.state !== 'online'
          ? `The library is ${r.state} (${r.reason ?? 'its files look unavailable'}): nothing was changed.`
          : `Scanned: ${r.missing.length} missing, ${r.orphans.length} orphan(s), ${r.unknown.length} unknown, ${r.attached.length} attached, ${r.changed.length} changed, ${r.moved.length} moved.`,
      );
    } catch (err) {
      setScanResult(errorMessage(err));
    } finally {
      setScanning(false);
    }
  };
  return (
    <div className="card wide" data-testid="watcher-health">
      <div className="row between">
        <h2>Watching the library folder</h2>
        <button disabled={scanning} onClick={() => void scanNow()}>
          {scanning ? 'Scanning…' : 'Scan now'}
        </button>
      </div>
      {scanResult ? <p data-testid="scan-result">{scanResult}</p> : null}
      {health ? (
        <>
          <p>{healthText(health)}</p>
          {health.lastError ? (
            <p className="warn-text">
              {health.lastError.message} <strong>Fix:</strong> {health.lastError.fix}
            </p>
          ) : null}
        </>
      ) : (
        <p className="muted">…</p>
      )}
    </div>
  );
}
