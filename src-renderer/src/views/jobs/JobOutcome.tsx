import { Trans } from 'react-i18next';
import { sayReason } from '../../lib/reasons';
import { Parts } from '../../components/Parts';

interface Refusal {
  path: string;
  reason: string;
}

/** What an import left behind: counts, and every skipped or refused file with its reason. */
export function JobOutcome({ summary }: { summary: Record<string, unknown> }) {
  // TODO(NEEDS-FROM-CORE.md: typed job summaries): untyped until core types each kind's summary.
  if (typeof summary.imported !== 'number') return null;
  const skipped = (summary.skipped ?? []) as Refusal[];
  const failed = (summary.failed ?? []) as Refusal[];
  const count = (key: 'import.imported' | 'import.skippedCount' | 'import.refusedCount', n: number) => <Trans key={key} i18nKey={key} count={n} values={{ count: n }} components={{ b: <span /> }} />;
  return (
    <details className="job-outcome">
      <summary>
        <Parts>{[count('import.imported', summary.imported), count('import.skippedCount', skipped.length), count('import.refusedCount', failed.length)]}</Parts>
      </summary>
      <ul className="refusals">
        {[...failed, ...skipped].map((f) => (
          <li key={f.path}>
            <span className="path">{f.path}</span> — <span className="reason">{sayReason(f.reason).text}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
