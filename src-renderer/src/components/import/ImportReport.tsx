interface Refusal {
  path: string;
  reason: string;
}

function FileList({ items, label, warn }: { items: Refusal[]; label: string; warn?: boolean }) {
  return (
    <ul className="refusals" aria-label={label}>
      {items.map((f) => (
        <li key={`${f.path}\n${f.reason}`}>
          <span className="path">{f.path.split(/[\\/]/).pop()}</span> — <span className="reason">{warn ? `imported; ${f.reason}` : f.reason}</span>
        </li>
      ))}
    </ul>
  );
}

/** What a finished import did: counts, files imported with a warning, refused and skipped files with reasons. */
export function ImportReport({ summary }: { summary: Record<string, unknown> }) {
  const skipped = (summary.skipped ?? []) as Refusal[];
  const failed = (summary.failed ?? []) as Refusal[];
  const warnings = (summary.warnings ?? []) as Refusal[];
  const importedCount = typeof summary.imported === 'number' ? summary.imported : 0;
  return (
    <div className="report">
      <p className="report-summary">
        <strong>{importedCount}</strong> imported · <strong>{skipped.length}</strong> skipped · <strong>{failed.length}</strong> refused
      </p>
      {warnings.length ? <FileList items={warnings} label="Imported with warnings" warn /> : null}
      {failed.length ? <FileList items={failed} label="Refused files" /> : null}
      {skipped.length ? (
        <details>
          <summary>{skipped.length} skipped</summary>
          <FileList items={skipped} label="Skipped files" />
        </details>
      ) : null}
    </div>
  );
}
