import type { CleanupResult } from '@shared/channels/integrity';

/** What the last confirmed cleanup did and what it skipped, with the reasons. */
export function LastRunCard({ result }: { result: CleanupResult }) {
  return (
    <div className="card wide" role="status">
      <h2>Last run</h2>
      <p>
        Done {result.done.length}, skipped {result.skipped.length}.
      </p>
      {result.needsConfirm ? (
        <p className="warn-text">Nothing was done: this is a mass change ({result.massReason ?? 'an unusual share of the library'}) and it was not confirmed.</p>
      ) : null}
      <ul className="refusals">
        {result.skipped.map((s, n) => (
          <li key={n}>
            <span className="path">{s.path ?? `#${s.id}`}</span> <span className="reason">{s.reason}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
