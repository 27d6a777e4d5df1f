/**
 * Turns a scan of a legacy media/ folder into a plan: which files make which recording, where each
 * one goes in the ID layout, which copies are duplicates, and what stays behind and why. The plan
 * is pure data (stored in migration_runs when a run starts), so a dry run shows exactly what an
 * apply will do. Rules (DESIGN §5): data.db is authoritative when it is a real legacy catalog;
 * otherwise names and dates match, and only a match with exactly one candidate on both sides is
 * taken. Anything uncertain becomes its own recording or a leftover, with the reason.
 */
import type { MigrationPlan, PlanGroup, PlanLeftover, PlanTotals } from '@shared/migrate-plan';
import type { ScanResult } from '../scan';
import { matchOriginals, unitsFromProcessedNames } from './by-name';
import { unitsFromDataDb } from './from-data-db';
import { groupTranscriptFolders, leave, newPlanner, type PlanContext } from './planner';
import { planProfiles } from './profiles';
import { planRecordings } from './recordings';
import { planArchive, planThumbnails } from './thumbnails';
import { attachTranscriptFolders } from './transcripts';

export type { PlanContext };
export { legacyProfileName, needsScanHash, TEMP_REASON } from './places';

function totalsOf(groups: PlanGroup[], leftovers: PlanLeftover[]): PlanTotals {
  const all = groups.flatMap((g) => g.files);
  return {
    files: all.length + leftovers.length,
    bytes: all.reduce((a, f) => a + f.bytes, 0) + leftovers.reduce((a, l) => a + l.bytes, 0),
    move: all.filter((f) => f.action === 'move').length,
    dedupe: all.filter((f) => f.action === 'dedupe').length,
    leave: all.filter((f) => f.action === 'leave').length + leftovers.length,
  };
}

export async function buildPlan(scan: ScanResult, ctx: PlanContext): Promise<MigrationPlan> {
  const p = newPlanner(scan, ctx);
  groupTranscriptFolders(p);
  unitsFromDataDb(p);
  await unitsFromProcessedNames(p);
  matchOriginals(p);
  await attachTranscriptFolders(p);
  const { profiles, profileOfScope } = planProfiles(p);
  const groups = await planRecordings(p, profileOfScope);
  groups.push(...planThumbnails(p, profileOfScope));
  const archive = planArchive(p);
  if (archive) groups.push(archive);
  // Whatever no rule took stays where it is (nothing is ever dropped).
  for (const f of scan.files) if (!p.claimed.has(f.rel)) leave(p, f, 'not matched by any rule');
  const totals = totalsOf(groups, p.leftovers);
  p.leftovers.sort((a, b) => a.path.localeCompare(b.path));
  return {
    runId: ctx.runId,
    mediaDir: scan.root,
    createdAt: new Date().toISOString(),
    profiles: profiles.filter((x) => x.create || groups.some((g) => g.profileId === x.id)),
    recordings: groups,
    leftovers: p.leftovers,
    dirs: scan.dirs,
    totals,
    usedDataDb: p.usedDataDb,
  };
}

/** The CLI's `--dry-run --json` document (internal fields left out). */
export function planJson(plan: MigrationPlan) {
  return {
    recordings: plan.recordings.map((g) => ({
      legacyId: g.legacyId,
      displayName: g.displayName,
      profileId: g.profileId,
      files: g.files.map((f) => ({ from: f.from, to: f.to, action: f.action, reason: f.reason, bytes: f.bytes })),
    })),
    leftovers: plan.leftovers.map((l) => ({ path: l.path, reason: l.reason, bytes: l.bytes })),
    totals: plan.totals,
  };
}

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}
