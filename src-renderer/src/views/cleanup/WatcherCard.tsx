import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScanReport, WatcherHealth } from '@shared/channels/integrity';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { sayReason } from '../../lib/reasons';
import { jobEnd } from '../../store/job-end';

function healthText(health: WatcherHealth, t: TFunction): string {
  if (health.mode === 'watching') return t('watcher.watching', { count: health.watchedPaths });
  if (health.mode === 'fallback') return t('watcher.fallback', { minutes: health.fallbackEveryMin ?? '?' });
  if (health.mode === 'starting') return t('watcher.starting');
  return t('watcher.stopped');
}

function scanText(r: ScanReport, t: TFunction): string {
  if (r.state !== 'online') return t('watcher.scanUnavailable', { state: t(`watcher.libraryState.${r.state}`), reason: r.reason ?? t('watcher.scanUnavailableReason') });
  const reread = r.reread ?? [];
  const done = reread.filter((x) => x.problem === null).length;
  return [
    t('watcher.scanned', {
      missing: r.missing.length,
      // The report's orphans are every unregistered file, the unknown ones (in recording folders)
      // among them; said apart, as the Cleanup kinds are, so one file is not counted twice.
      orphans: r.orphans.length - r.unknown.length,
      unknown: r.unknown.length,
      attached: r.attached.length,
      changed: r.changed.length,
      moved: r.moved.length,
    }),
    ...(r.adopted.length ? [t('watcher.adopted', { names: r.adopted.map((a) => a.name ?? `#${a.id}`).join('; ') })] : []),
    ...(done ? [t('watcher.rereadDone', { count: done })] : []),
    ...reread.filter((x) => x.problem !== null).map((x) => t('watcher.rereadFailed', { path: x.path.split('/').pop(), problem: sayReason(x.problem!).text })),
  ].join(' ');
}

/** The folder watcher's health, and a scan on demand. */
export function WatcherCard({ health }: { health: WatcherHealth | null }) {
  const { t } = useTranslation();
  const [scanning, setScanning] = useState(false);
  const [scanResult, setScanResult] = useState<string | null>(null);
  const scanNow = async () => {
    setScanning(true);
    try {
      const { jobId } = await api['scan:run']({ apply: true });
      const { report } = (await jobEnd(jobId, 'scan')).summary;
      setScanResult(report ? scanText(report, t) : null);
    } catch (err) {
      setScanResult(errorMessage(err));
    } finally {
      setScanning(false);
    }
  };
  return (
    <div className="card wide" data-testid="watcher-health">
      <div className="row between">
        <h2>{t('watcher.title')}</h2>
        <button disabled={scanning} onClick={() => void scanNow()}>
          {scanning ? t('watcher.scanning') : t('watcher.scanNow')}
        </button>
      </div>
      {scanResult ? <p data-testid="scan-result">{scanResult}</p> : null}
      {health ? (
        <>
          <p>{healthText(health, t)}</p>
          {health.lastError ? (
            <p className="warn-text">
              {health.lastError.message} <strong>{t('watcher.fix')}</strong> {health.lastError.fix}
            </p>
          ) : null}
        </>
      ) : (
        <p className="muted">{t('common.loading')}</p>
      )}
    </div>
  );
}
