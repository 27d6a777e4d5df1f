import { Trans } from 'react-i18next';
import { sayReason } from '../../lib/reasons';
import type { JobSummary } from '@shared/jobs';
import { Parts } from '../../components/Parts';

/** What an import left behind: counts, and every skipped or refused file with its reason. */
export function JobOutcome({ summary }: { summary: JobSummary<'import'> }) {
  if (summary.imported === undefined) return null;
  const skipped = summary.skipped ?? [];
  const failed = summary.failed ?? [];
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
