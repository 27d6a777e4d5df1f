import type { MigrateRunInfo } from '@shared/channels/migrate';
import { RefusalList } from './RefusalList';

/** Step 4 (after an undo): how many files went back, and any that could not. */
export function UndoneStep({ run }: { run: MigrateRunInfo | null }) {
  const undo = run?.report && 'restored' in run.report ? run.report : null;
  if (!undo) return null;
  return (
    <div className="migrate-report" aria-label="Undo report">
      <h2>Migration undone</h2>
      <p className="report-summary">
        <strong>{undo.restored}</strong> files restored to {run?.mediaDir} · <strong data-testid="undo-unaccounted">{undo.unaccounted.length}</strong> unaccounted
      </p>
      {undo.unaccounted.length ? <RefusalList items={undo.unaccounted} label="Files not restored" /> : null}
    </div>
  );
}
