/**
 * Re-applying template rules to all recordings or a selection: a plan (what would change) and
 * its application. Built for 100,000 recordings x 50 templates in well under a second: rules are
 * compiled once, the rows come from one query as arrays, and the changed rows are written in one
 * transaction with one prepared statement.
 */
import type Database from 'better-sqlite3';
import { type ApplyResult, PREVIEW_LIMIT, type TemplateChange } from '../../../src-shared/channels/templates';
import type { Library } from '../library/library';
import { loadMatcher } from './match';

export interface PlannedChange {
  id: number;
  from: number | null;
  to: number | null;
}

export interface ApplyPlan {
  changes: PlannedChange[];
  examined: number;
  manualKept: number;
}

type Raw = [id: number, profileId: number, key: string, tid: number | null, manual: number, name?: string];

/** What re-applying the rules would change; recording ids limit it to a selection. */
export function planApply(sqlite: Database.Database, ids?: readonly number[], onInvalid?: (id: number, why: string) => void): ApplyPlan {
  const matcher = loadMatcher(sqlite, onInvalid);
  const cols = `id, profile_id, search_key, template_id, template_manual${matcher.needsDisplayName ? ', display_name' : ''}`;
  const stmt =
    ids === undefined
      ? sqlite.prepare(`SELECT ${cols} FROM recordings ORDER BY id`)
      : sqlite.prepare(`SELECT ${cols} FROM recordings WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`);
  const rows = (ids === undefined ? stmt.raw().all() : stmt.raw().all(JSON.stringify(ids))) as Raw[];
  const changes: PlannedChange[] = [];
  let manualKept = 0;
  for (const r of rows) {
    if (r[4]) {
      manualKept++;
      continue;
    }
    const to = matcher.match(r[1], r[2], r[5] ?? r[2]);
    if (to !== r[3]) changes.push({ id: r[0], from: r[3], to });
  }
  return { changes, examined: rows.length, manualKept };
}

/** Writes a plan in one transaction; a row assigned by hand in the meantime is left alone. */
export function commitPlan(sqlite: Database.Database, plan: ApplyPlan): number {
  const update = sqlite.prepare('UPDATE recordings SET template_id = ?, updated_at = ? WHERE id = ? AND template_manual = 0');
  const now = Date.now();
  let n = 0;
  sqlite.transaction(() => {
    for (const c of plan.changes) n += update.run(c.to, now, c.id).changes;
  })();
  return n;
}

/** Preview (dryRun) or apply, with the first changes described for people. */
export function applyTemplates(lib: Library, opts: { ids?: readonly number[]; dryRun: boolean }): ApplyResult & { plan: ApplyPlan } {
  const plan = planApply(lib.sqlite, opts.ids, (id, why) => lib.log.warn('template skipped: invalid rules', { templateId: id, why }));
  if (!opts.dryRun && plan.changes.length) {
    commitPlan(lib.sqlite, plan);
    lib.events.emit('library:changed', {
      reason: 'templates-applied',
      recordingIds: plan.changes.length <= 1000 ? plan.changes.map((c) => c.id) : undefined,
    });
  }
  return { total: plan.changes.length, changes: describe(lib.sqlite, plan.changes.slice(0, PREVIEW_LIMIT)), examined: plan.examined, manualKept: plan.manualKept, plan };
}

function describe(sqlite: Database.Database, changes: PlannedChange[]): TemplateChange[] {
  if (!changes.length) return [];
  const names = new Map(
    (sqlite.prepare('SELECT id, display_name AS n FROM recordings WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(changes.map((c) => c.id))) as {
      id: number;
      n: string;
    }[]).map((r) => [r.id, r.n]),
  );
  return changes.map((c) => ({ ...c, displayName: names.get(c.id) ?? `#${c.id}` }));
}
