import { Trans, useTranslation } from 'react-i18next';
import { Parts } from '../Parts';
import type { JobRefusal as Refusal, JobSummary } from '@shared/jobs';
import { ReasonText } from '../ReasonText';

function FileList({ items, label, warn }: { items: Refusal[]; label: string; warn?: boolean }) {
  const { t } = useTranslation();
  return (
    <ul className="refusals" aria-label={label}>
      {items.map((f) => (
        <li key={`${f.path}\n${f.reason}`}>
          <span className="path">{f.path.split(/[\\/]/).pop()}</span> — {warn ? <span className="reason">{t('import.warning', { reason: f.reason })}</span> : <ReasonText className="reason" text={f.reason} />}
        </li>
      ))}
    </ul>
  );
}

/** What a finished import did: counts, files imported with a warning, refused and skipped files with reasons. */
export function ImportReport({ summary }: { summary: JobSummary<'import'> }) {
  const { t } = useTranslation();
  const skipped = summary.skipped ?? [];
  const failed = summary.failed ?? [];
  const warnings = summary.warnings ?? [];
  const imported = summary.imported ?? 0;
  return (
    <div className="report">
      <p className="report-summary">
        <Parts>
          {[
            <Trans key="i" i18nKey="import.imported" count={imported} values={{ count: imported }} components={{ b: <strong /> }} />,
            <Trans key="s" i18nKey="import.skippedCount" count={skipped.length} values={{ count: skipped.length }} components={{ b: <strong /> }} />,
            <Trans key="r" i18nKey="import.refusedCount" count={failed.length} values={{ count: failed.length }} components={{ b: <strong /> }} />,
          ]}
        </Parts>
      </p>
      {warnings.length ? <FileList items={warnings} label={t('import.withWarnings')} warn /> : null}
      {failed.length ? <FileList items={failed} label={t('import.refused')} /> : null}
      {skipped.length ? (
        <details>
          <summary>{t('import.skipped', { count: skipped.length })}</summary>
          <FileList items={skipped} label={t('import.skippedFiles')} />
        </details>
      ) : null}
    </div>
  );
}
