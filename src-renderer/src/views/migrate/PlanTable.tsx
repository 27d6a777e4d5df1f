import type { MigratePlanGroup, MigratePlanView } from '@shared/channels/migrate';
import { formatBytes } from '../../format';

type PlanFile = MigratePlanGroup['files'][number];

function GroupRows({ g, files }: { g: MigratePlanGroup; files: PlanFile[] }) {
  return (
    <div className="migrate-group" role="rowgroup">
      <div className="migrate-group-head" role="row">
        <span role="cell" className="migrate-name">
          {g.kind === 'recording' ? `#${g.recordingId} ` : ''}
          {g.displayName}
        </span>
        <span role="cell" className="muted">
          profile {g.profileId}
          {g.legacyId !== null ? ` · legacy #${g.legacyId}` : ''}
        </span>
        <span role="cell" className="num muted">
          {g.files.length} {g.files.length === 1 ? 'file' : 'files'} · {formatBytes(g.files.reduce((a, f) => a + f.bytes, 0))}
        </span>
      </div>
      {files.map((f) => (
        <div key={f.from} className={`migrate-file action-${f.action}`} role="row">
          <span role="cell" className={`pill pill-${f.action}`}>
            {f.action}
          </span>
          <span role="cell" className="path" title={f.from}>
            {f.from}
          </span>
          <span role="cell" className="path muted" title={f.to ?? ''}>
            → {f.to ?? 'stays'}
          </span>
          <span role="cell" className="num">
            {formatBytes(f.bytes)}
          </span>
          {f.reason ? (
            <span role="cell" className="reason">
              {f.reason}
            </span>
          ) : null}
        </div>
      ))}
    </div>
  );
}

function LeftoverRows({ plan, leftovers }: { plan: MigratePlanView; leftovers: MigratePlanView['leftovers'] }) {
  return (
    <div className="migrate-group" role="rowgroup" aria-label="Left in place">
      <div className="migrate-group-head" role="row">
        <span role="cell" className="migrate-name">
          Left in place
        </span>
        <span role="cell" className="num muted">
          {plan.leftovers.length} files · {formatBytes(plan.leftovers.reduce((a, l) => a + l.bytes, 0))}
        </span>
      </div>
      {leftovers.map((l) => (
        <div key={l.path} className="migrate-file action-leave" role="row">
          <span role="cell" className="pill pill-leave">
            leave
          </span>
          <span role="cell" className="path">
            {l.path}
          </span>
          <span role="cell" className="num">
            {formatBytes(l.bytes)}
          </span>
          <span role="cell" className="reason">
            {l.reason}
          </span>
        </div>
      ))}
    </div>
  );
}

/** Every source, destination and reason of a plan, grouped by recording, then what stays behind. */
export function PlanTable({ plan, groups, leftovers }: { plan: MigratePlanView; groups: { g: MigratePlanGroup; files: PlanFile[] }[]; leftovers: MigratePlanView['leftovers'] }) {
  return (
    <div className="migrate-table" role="table" aria-label="Migration plan">
      {groups.map(({ g, files }) => (
        <GroupRows key={`${g.kind}-${g.recordingId ?? g.displayName}`} g={g} files={files} />
      ))}
      {leftovers.length ? <LeftoverRows plan={plan} leftovers={leftovers} /> : null}
      {groups.length === 0 && leftovers.length === 0 ? <p className="no-match">Nothing matches this filter.</p> : null}
    </div>
  );
}
