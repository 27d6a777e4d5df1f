import type { MigratePlanGroup, MigratePlanView } from '@shared/channels/migrate';

export type Filter = 'all' | 'move' | 'dedupe' | 'leave' | 'conflicts';
export const FILTERS: Filter[] = ['all', 'move', 'dedupe', 'leave', 'conflicts'];

type PlanFile = MigratePlanGroup['files'][number];

/**
 * temp_processing leftovers are listed for cleanup, not left because they could not be placed.
 * TODO(NEEDS-FROM-CORE.md: reason codes): told apart by the core's English reason until it sends a code.
 */
export const isTempLeftover = (reason: string): boolean => /^temp_processing leftover/.test(reason);

export function fileMatches(f: PlanFile, filter: Filter): boolean {
  if (filter === 'all') return true;
  if (filter === 'conflicts') return f.conflict;
  return f.action === filter;
}

/** The plan's groups with only the files that pass the filter and the search; empty groups dropped. */
export function visibleGroups(plan: MigratePlanView, filter: Filter, search: string): { g: MigratePlanGroup; files: PlanFile[] }[] {
  const term = search.trim().toLowerCase();
  return plan.recordings
    .map((g) => ({ g, files: g.files.filter((f) => fileMatches(f, filter) && (!term || g.displayName.toLowerCase().includes(term) || f.from.toLowerCase().includes(term))) }))
    .filter((x) => x.files.length > 0);
}

export function visibleLeftovers(plan: MigratePlanView, filter: Filter, search: string): MigratePlanView['leftovers'] {
  if (!(filter === 'all' || filter === 'leave' || filter === 'conflicts')) return [];
  const term = search.trim().toLowerCase();
  // Under Conflicts, only what was left because it could not be placed (not cleanup leftovers).
  return plan.leftovers.filter((l) => (!term || l.path.toLowerCase().includes(term)) && (filter !== 'conflicts' || !isTempLeftover(l.reason)));
}

export function conflictCount(plan: MigratePlanView): number {
  return plan.recordings.flatMap((g) => g.files).filter((f) => f.conflict).length;
}
