/**
 * Removal of the temp_processing leftovers of a verified run, on request only. The run's own plan
 * says which files they are; each is re-checked right before it goes (same path, same size, a
 * regular file, not a link, still inside the legacy folder through real folders), every removal is
 * written to the audit log, and the legacy folders left empty go afterwards. Nothing else is touched.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Library } from '../catalog/library';
import { writeAudit } from '../catalog/repositories/audit';
import { removeFile } from '../storage/fsops';
import { removeEmptyLegacyDirs } from './apply';
import type { LeftoverRemoval, MigrationPlan } from '@shared/migrate-plan';
import { TEMP_REASON } from './plan/places';
import { exclusive, getRun } from '../catalog/repositories/migration-runs';
import { MigrateError } from './service';

/** The temp_processing leftovers a run's plan listed (what the report offers to remove). */
export function tempLeftovers(plan: MigrationPlan): { path: string; bytes: number }[] {
  return plan.leftovers.filter((l) => l.reason === TEMP_REASON && l.regular).map((l) => ({ path: l.path, bytes: l.bytes }));
}

function inside(root: string, p: string): boolean {
  return p.startsWith(root + path.sep);
}

export function removeTempLeftovers(lib: Library, runId: string): Promise<LeftoverRemoval> {
  return exclusive(runId, async () => {
    const run = getRun(lib, runId);
    if (!run) throw new MigrateError(`There is no migration run ${runId}`);
    if (run.state !== 'applied') throw new MigrateError(`Run ${runId} is ${run.state}: leftovers are removed only after a verified run`);
    const plan = run.plan;
    const out: LeftoverRemoval = { runId, removed: [], skipped: [], bytes: 0, removedDirs: 0 };
    const realRoot = await fs.realpath(plan.mediaDir).catch(() => null);
    if (realRoot === null) throw new MigrateError(`The legacy folder ${plan.mediaDir} is gone`);
    for (const l of tempLeftovers(plan)) {
      const parts = l.path.split('/');
      // The plan's own rule, again: a file below a video/temp_processing folder, no odd segments.
      if (parts.some((s) => s === '' || s === '.' || s === '..') || !parts.slice(0, -1).includes('temp_processing')) {
        out.skipped.push({ path: l.path, reason: 'not a temp_processing path' });
        continue;
      }
      const abs = path.join(plan.mediaDir, ...parts);
      const st = await fs.lstat(abs).catch(() => null);
      if (!st) {
        out.skipped.push({ path: l.path, reason: 'already gone' });
        continue;
      }
      if (st.isSymbolicLink() || !st.isFile()) {
        out.skipped.push({ path: l.path, reason: 'no longer a regular file: kept' });
        continue;
      }
      if (st.size !== l.bytes) {
        out.skipped.push({ path: l.path, reason: `size changed since the plan (${st.size} bytes, planned ${l.bytes}): kept` });
        continue;
      }
      // A folder on the way replaced by a link would lead outside the legacy tree.
      const realDir = await fs.realpath(path.dirname(abs)).catch(() => null);
      if (realDir === null || !(realDir === realRoot || inside(realRoot, realDir)) || path.join(realDir, path.basename(abs)) !== path.join(realRoot, ...parts)) {
        out.skipped.push({ path: l.path, reason: 'no longer inside the legacy folder through real folders: kept' });
        continue;
      }
      await removeFile(abs);
      writeAudit(lib.sqlite, { action: 'migrate-remove-leftover', reason: `${TEMP_REASON} (migration run ${runId}): ${abs}`, relPath: null, bytes: st.size });
      out.removed.push({ path: l.path, bytes: st.size });
      out.bytes += st.size;
    }
    out.removedDirs = await removeEmptyLegacyDirs(plan);
    return out;
  });
}
