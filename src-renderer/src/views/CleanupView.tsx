import { useEffect, useState } from 'react';
import { CLEANUP_KINDS, type CleanupKind } from '../../../src-shared/channels/integrity';
import { api, onEvent } from '../api/client';
import { formatBytes, formatDate } from '../format';
import { useIntegrity } from '../store/integrity';

const KIND_LABELS: Record<CleanupKind, string> = {
  temp: 'Temporary files',
  expired: 'Expired recordings',
  trash: 'Trash past retention',
  orphans: 'Orphan files (outside recording folders)',
  unknown: 'Unknown files in recording folders',
  missing: 'Missing files (marks recordings)',
  empty: 'Empty folders',
};

const ACTION_LABELS: Record<string, string> = {
  remove: 'remove',
  trash: 'move to trash',
  purge: 'remove for good',
  quarantine: 'quarantine in trash/',
  adopt: 'register in trash',
  'mark-missing': 'mark missing',
  'remove-row': 'drop the row (file gone from trash/)',
  'remove-dir': 'remove folder',
};

export function CleanupView() {
  const { plan, planning, kinds, schedule, audit, health, lastResult, error } = useIntegrity();
  const [confirming, setConfirming] = useState(false);
  // A mass change needs its own consent: the person types the number of items shown to them.
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
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
      setScanResult(err instanceof Error ? err.message : String(err));
    } finally {
      setScanning(false);
    }
  };

  useEffect(() => {
    void useIntegrity.getState().loadCleanup();
    const t = setInterval(() => void useIntegrity.getState().loadCleanup(), 5000);
    const off = onEvent('library:changed', () => void useIntegrity.getState().loadCleanup());
    return () => {
      clearInterval(t);
      off();
    };
  }, []);

  const toggle = (k: CleanupKind) => {
    const next = kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k];
    useIntegrity.getState().setKinds(CLEANUP_KINDS.filter((x) => next.includes(x)));
  };

  // The dialog shows the dry run (and its unusual-share warning); confirming runs exactly that list.
  const [changed, setChanged] = useState(false);
  const apply = async () => {
    if (!plan) return;
    setBusy(true);
    try {
      const res = await useIntegrity.getState().apply(true, plan.digest, plan.massChange ? typed.trim() : undefined);
      setConfirming(false);
      setTyped('');
      setChanged(res?.planChanged === true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="view cleanup-view" aria-label="Cleanup">
      <header className="view-head">
        <h1>Cleanup</h1>
        <div className="toolbar">
          <button disabled={planning || kinds.length === 0} onClick={() => void useIntegrity.getState().plan_()}>
            {planning ? 'Checking…' : 'Dry run'}
          </button>
          <button className="primary" disabled={!plan || plan.items.length === 0 || busy} onClick={() => setConfirming(true)}>
            Clean up…
          </button>
        </div>
      </header>
      {error ? <div className="banner error" role="alert">{error}</div> : null}
      {changed ? (
        <div className="banner error" role="alert">
          The library changed after this dry run, so nothing was touched. The list below is the new one: review it and confirm again.
        </div>
      ) : null}
      <div className="card kind-picker" role="group" aria-label="Kinds">
        {CLEANUP_KINDS.map((k) => (
          <label key={k} className="check">
            <input type="checkbox" checked={kinds.includes(k)} onChange={() => toggle(k)} />
            <span>
              {KIND_LABELS[k]}
              {plan ? (
                <span className="muted" data-testid={`kind-count-${k}`}>
                  {' '}
                  — {plan.byKind[k].count} item(s), {formatBytes(plan.byKind[k].bytes)}
                </span>
              ) : null}
            </span>
          </label>
        ))}
      </div>
      {plan ? (
        <div className="card wide">
          <h2>
            Dry run: {plan.items.length} item(s), {formatBytes(plan.totalBytes)}
          </h2>
          {plan.state !== 'online' ? (
            <p className="warn-text" role="note">
              The library's files look unavailable ({plan.stateReason ?? plan.state}). Is the disk mounted? Nothing can be checked or cleaned until they are back.
            </p>
          ) : null}
          {plan.massChange ? (
            <p className="warn-text" role="note">
              This is a mass change: {plan.massReason}. A disk that is not mounted looks like this; check the list before you confirm.
            </p>
          ) : null}
          {plan.items.length === 0 ? (
            <p className="muted">Nothing to clean up.</p>
          ) : (
            <table className="integrity-table" aria-label="Cleanup items">
              <thead>
                <tr>
                  <th>Kind</th>
                  <th>Path or recording</th>
                  <th>Action</th>
                  <th className="num">Bytes</th>
                </tr>
              </thead>
              <tbody>
                {plan.items.slice(0, 500).map((i, n) => (
                  <tr key={n} title={i.reason}>
                    <td>{KIND_LABELS[i.kind]}</td>
                    <td className="path">{i.path ?? `Recording #${i.id}`}</td>
                    <td>{ACTION_LABELS[i.action] ?? i.action}</td>
                    <td className="num">{formatBytes(i.bytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {plan.items.length > 500 ? <p className="muted">…and {plan.items.length - 500} more.</p> : null}
        </div>
      ) : (
        <p className="muted">Run a dry run to see exactly what would be removed, moved or marked. Nothing changes until you confirm.</p>
      )}
      {lastResult ? (
        <div className="card wide" role="status">
          <h2>Last run</h2>
          <p>
            Done {lastResult.done.length}, skipped {lastResult.skipped.length}.
          </p>
          {lastResult.needsConfirm ? (
            <p className="warn-text">Nothing was done: this is a mass change ({lastResult.massReason ?? 'an unusual share of the library'}) and it was not confirmed.</p>
          ) : null}
          <ul className="refusals">
            {lastResult.skipped.map((s, n) => (
              <li key={n}>
                <span className="path">{s.path ?? `#${s.id}`}</span> <span className="reason">{s.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
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
                      onChange={(e) =>
                        void api['settings:update']({ patch: { schedules: { enabled: { [s.kind]: e.target.checked } } } }).then(() => useIntegrity.getState().loadCleanup())
                      }
                    />
                    <span>{KIND_LABELS[s.kind]}</span>
                  </label>
                </td>
                <td>{s.everyHours >= 24 ? `${s.everyHours / 24} d` : `${s.everyHours} h`}</td>
                <td>{s.lastRun ? formatDate(s.lastRun) : 'never'}</td>
                <td>{s.nextRun ? formatDate(s.nextRun) : 'off'}</td>
                <td>
                  {s.lastResult
                    ? s.lastResult.error
                      ? `failed: ${s.lastResult.error}`
                      : s.lastResult.needsConfirm
                        ? `not run: ${s.lastResult.refused ?? 'a mass change waits for your confirmation'}`
                        : `${s.lastResult.done} done, ${formatBytes(s.lastResult.bytes)}`
                    : '—'}
                </td>
                <td>
                  <button onClick={() => void api['cleanup:schedule']({ runNow: s.kind }).then(() => useIntegrity.getState().loadCleanup())}>Run now</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
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
            <p>
              {health.mode === 'watching'
                ? `Watching ${health.watchedPaths.toLocaleString()} paths for changes made outside Reclib.`
                : health.mode === 'fallback'
                  ? `Not watching: Reclib re-scans the library every ${health.fallbackEveryMin ?? '?'} min instead.`
                  : health.mode === 'starting'
                    ? 'Starting…'
                    : 'Not watching (the library is offline or closed).'}
            </p>
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
      {confirming && plan ? (
        <div className="modal-backdrop">
          <div className="modal" role="dialog" aria-label="Confirm cleanup">
            <h2>Clean up {plan.items.length} item(s)?</h2>
            <p>
              {formatBytes(plan.totalBytes)} in {Object.entries(plan.byKind).filter(([, v]) => v.count > 0).map(([k, v]) => `${KIND_LABELS[k as CleanupKind].toLowerCase()} (${v.count})`).join(', ')}. Each item is
              checked again right before it is touched; every removal is logged.
            </p>
            {plan.byKind.unknown.count > 0 ? (
              <p>
                {plan.byKind.unknown.count} file(s) in recording folders that Reclib did not put there will be moved to trash/ (restorable until the retention ends).
              </p>
            ) : null}
            {plan.massChange ? (
              <>
                <p className="warn-text">
                  This is a mass change: {plan.massReason}. Is the library's disk mounted as usual? To go ahead, type the number of items, {plan.items.length}:
                </p>
                <input aria-label="Type the number of items to confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus inputMode="numeric" />
              </>
            ) : null}
            <div className="modal-actions">
              <button
                onClick={() => {
                  setConfirming(false);
                  setTyped('');
                }}
              >
                Cancel
              </button>
              <button className="danger" disabled={busy || (plan.massChange && typed.trim() !== String(plan.items.length))} onClick={() => void apply()}>
                {busy ? 'Cleaning…' : 'Clean up'}
              </button>
            </div>
          </div>
        </div>
      ) : null}
    </section>
  );
}
