import { Trans, useTranslation } from 'react-i18next';
import { Parts } from '../Parts';
import { ReasonText } from '../ReasonText';

interface Refusal {
  path: string;
  reason: string;
}

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
export function ImportReport({ summary }: { summary: Record<string, unknown> }) {
  const { t } = useTranslation();
  // TODO(NEEDS-FROM-CORE.md: typed job summaries): the import summary is untyped until core types it.
  const skipped = (summary.skipped ?? []) as Refusal[];
  const failed = (summary.failed ?? []) as Refusal[];
  const warnings = (summary.warnings ?? []) as Refusal[];
  const imported = typeof summary.imported === 'number' ? summary.imported : 0;
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
