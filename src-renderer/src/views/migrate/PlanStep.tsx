import { useMemo, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { MigratePlanView } from '@shared/channels/migrate';
import { api } from '../../api/client';
import { Parts } from '../../components/Parts';
import { useFormat } from '../../i18n/useFormat';
import { PlanTable } from './PlanTable';
import { legacyProfileWords } from './words';
import { conflictCount, FILTERS, type Filter, visibleGroups, visibleLeftovers } from './planFilter';
import { startJob } from './useFollowJob';

/** Step 2: the dry run — totals, a filterable list of every file, and the button that applies it. */
export function PlanStep({ plan }: { plan: MigratePlanView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const groups = useMemo(() => visibleGroups(plan, filter, search), [plan, filter, search]);
  const leftovers = useMemo(() => visibleLeftovers(plan, filter, search), [plan, filter, search]);
  const toMigrate = plan.totals.move + plan.totals.dedupe;
  const created = plan.profiles.filter((p) => p.create);
  const b = { b: <strong /> };
  const part = (key: 'recordings' | 'move' | 'dedupe' | 'leave' | 'conflicts', count: number) => (
    <Trans key={key} i18nKey={`plan.${key}`} count={count} values={{ count }} components={b} />
  );

  return (
    <div className="migrate-plan">
      <p className="migrate-totals" aria-label={t('plan.totals')}>
        <Parts>
          {[
            part('recordings', plan.recordings.filter((g) => g.kind === 'recording').length),
            <Trans key="files" i18nKey="plan.files" count={plan.totals.files} values={{ count: plan.totals.files, size: fmt.bytes(plan.totals.bytes) }} components={b} />,
            part('move', plan.totals.move),
            part('dedupe', plan.totals.dedupe),
            part('leave', plan.totals.leave),
            part('conflicts', conflictCount(plan)),
          ]}
        </Parts>
      </p>
      {created.length ? <p className="muted">{t('plan.newProfiles', { list: created.map((p) => t('plan.profileItem', { name: legacyProfileWords(p.name, t), id: p.id })).join(', ') })}</p> : null}
      <div className="toolbar">
        <div className="segmented" role="group" aria-label={t('plan.filter')}>
          {FILTERS.map((f) => (
            <button key={f} className={filter === f ? 'active' : ''} aria-pressed={filter === f} onClick={() => setFilter(f)}>
              {t(`plan.filters.${f}`)}
            </button>
          ))}
        </div>
        <input className="search" type="search" aria-label={t('plan.search')} placeholder={t('plan.searchPlaceholder')} value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <PlanTable plan={plan} groups={groups} leftovers={leftovers} />
      <div className="modal-actions">
        <button className="primary" disabled={toMigrate === 0} onClick={() => void startJob('applying', () => api['migrate:apply']({ runId: plan.runId }))}>
          {t('plan.apply', { count: toMigrate })}
        </button>
      </div>
    </div>
  );
}
