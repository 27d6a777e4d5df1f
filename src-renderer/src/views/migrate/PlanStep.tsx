import { useMemo, useState } from 'react';
import type { MigratePlanView } from '@shared/channels/migrate';
import { api } from '../../api/client';
import { formatBytes } from '../../format';
import { PlanTable } from './PlanTable';
import { conflictCount, FILTERS, type Filter, visibleGroups, visibleLeftovers } from './planFilter';
import { startJob } from './useFollowJob';

const FILTER_LABELS: Record<Filter, string> = { all: 'All', move: 'Move', dedupe: 'Dedupe', leave: 'Leave', conflicts: 'Conflicts' };

/** Step 2: the dry run — totals, a filterable list of every file, and the button that applies it. */
export function PlanStep({ plan }: { plan: MigratePlanView }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const groups = useMemo(() => visibleGroups(plan, filter, search), [plan, filter, search]);
  const leftovers = useMemo(() => visibleLeftovers(plan, filter, search), [plan, filter, search]);
  const toMigrate = plan.totals.move + plan.totals.dedupe;
  const created = plan.profiles.filter((p) => p.create);

  return (
    <div className="migrate-plan">
      <p className="migrate-totals" aria-label="Plan totals">
        <strong>{plan.recordings.filter((g) => g.kind === 'recording').length}</strong> recordings · <strong>{plan.totals.files}</strong> files ({formatBytes(plan.totals.bytes)}):{' '}
        <strong>{plan.totals.move}</strong> move · <strong>{plan.totals.dedupe}</strong> dedupe · <strong>{plan.totals.leave}</strong> leave · <strong>{conflictCount(plan)}</strong> conflicts
      </p>
      {created.length ? <p className="muted">New profiles: {created.map((p) => `${p.name} (#${p.id})`).join(', ')}</p> : null}
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Filter">
          {FILTERS.map((f) => (
            <button key={f} className={filter === f ? 'active' : ''} aria-pressed={filter === f} onClick={() => setFilter(f)}>
              {FILTER_LABELS[f]}
            </button>
          ))}
        </div>
        <input className="search" type="search" aria-label="Search the plan" placeholder="Search names and paths" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <PlanTable plan={plan} groups={groups} leftovers={leftovers} />
      <div className="modal-actions">
        <button className="primary" disabled={toMigrate === 0} onClick={() => void startJob('applying', () => api['migrate:apply']({ runId: plan.runId }))}>
          Migrate {toMigrate} files
        </button>
      </div>
    </div>
  );
}
