/**
 * The migration as the CLI, the IPC handlers and the tests drive it: plan (scan + data.db + rules),
 * apply (start or resume a run, then verify), undo, and the list of runs.
 */
import { assertAvailable } from '../catalog/availability';
import { nextRecordingId } from '../catalog/repositories/recordings/ids';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { isInside } from '@core/storage/paths';
import type { JobProgress } from '@shared/jobs';
import { backupBefore } from '../catalog/backup';
import type { Library } from '../catalog/library';
import { hashFile } from '../storage/hash';
import type { ApplyReport, MigrationPlan } from '@shared/migrate-plan';
import { executeRun, type RunOptions, startRun } from './apply';
import { readLegacyDb } from '../catalog/legacy-db';
import { listProfileThumbnails, listSourcesOfSizes } from '../catalog/repositories/files/migration';
import { listProfileNames } from '../catalog/repositories/profiles/migration';
import { buildPlan, needsScanHash, newRunId } from './plan';
import { deletePlannedRun, findRuns, getRun, savePlannedRun } from '../catalog/repositories/migration-runs';
import { scanLegacy } from './scan';
import { recordingFolderOnDisk } from '../import/recording-id';

export interface PlanOptions {
  signal?: AbortSignal;
  onProgress?: (p: Partial<JobProgress>) => void;
  runId?: string;
}

export class MigrateError extends Error {
  override name = 'MigrateError';
}

async function sharedThumbnailHashes(lib: Library): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const dir = lib.paths.abs(lib.paths.sharedThumbnails());
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const n of names.sort()) {
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}\.png$/.test(n)) continue;
    const h = await hashFile(path.join(dir, n));
    if (!out.has(h.hash)) out.set(h.hash, `${lib.paths.sharedThumbnails()}/${n}`);
  }
  return out;
}

/** Source files of the library whose size one of the scanned files has (only those can be identical). */
function registeredSources(lib: Library, sizes: number[]): Map<number, { hash: string; recordingId: number }[]> {
  const out = new Map<number, { hash: string; recordingId: number }[]>();
  for (const r of listSourcesOfSizes(lib.sqlite, sizes)) out.set(r.size, [...(out.get(r.size) ?? []), { hash: r.hash, recordingId: r.recordingId }]);
  return out;
}

/** Profile thumbnails registered in the library whose file is there with its size, by profile and hash. */
async function profileThumbnailHashes(lib: Library): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const r of listProfileThumbnails(lib.sqlite)) {
    const key = `${r.profileId}/${r.hash}`;
    if (out.has(key)) continue;
    const st = await fs.stat(lib.paths.abs(r.relPath)).catch(() => null);
    if (st?.isFile() && st.size === r.size) out.set(key, r.relPath);
  }
  return out;
}

/** Either folder inside the other, or the same; links resolved, so neither hides behind one. */
async function nested(a: string, b: string): Promise<boolean> {
  // By path.relative (isInside), not by prefix: "/" + "/" is no prefix of "/lib", yet / holds every library.
  const within = (x: string, y: string) => isInside(y, x) || isInside(x, y);
  if (within(a, b)) return true;
  const [ra, rb] = await Promise.all([fs.realpath(a).catch(() => a), fs.realpath(b).catch(() => b)]);
  return within(ra, rb);
}

export async function planMigration(lib: Library, mediaDir: string, opts: PlanOptions = {}): Promise<MigrationPlan> {
  const root = path.resolve(mediaDir);
  if (await nested(root, lib.root)) throw new MigrateError('The legacy folder and the library must not contain one another');
  opts.onProgress?.({ current: 'scanning the legacy folder', done: 0, total: 0 });
  const scan = await scanLegacy(root, {
    signal: opts.signal,
    shouldHash: needsScanHash,
    onProgress: (p) => opts.onProgress?.({ ...p, current: p.current ? `hashing ${p.current}` : 'planning' }),
  });
  const hasDb = scan.files.some((f) => f.rel === 'data.db' && f.kind === 'file');
  const legacyDb = hasDb ? readLegacyDb(path.join(root, 'data.db')) : null;
  return buildPlan(scan, {
    runId: opts.runId ?? newRunId(),
    paths: lib.paths,
    existingProfiles: listProfileNames(lib.sqlite),
    nextRecordingId: nextRecordingId(lib.sqlite),
    idTaken: recordingFolderOnDisk(lib),
    sharedThumbnails: await sharedThumbnailHashes(lib),
    existingThumbnails: await profileThumbnailHashes(lib),
    registeredSources: registeredSources(lib, scan.files.map((f) => f.size)),
    legacyDb,
  });
}

/** A dry run kept in migration_runs (state `planned`), so the wizard can apply it by id. */
export async function planAndStore(lib: Library, mediaDir: string, opts: PlanOptions = {}): Promise<MigrationPlan> {
  const plan = await planMigration(lib, mediaDir, opts);
  savePlannedRun(lib, plan);
  return plan;
}

/**
 * Made only when a run is about to change something: a mistyped folder, a refused run or one with
 * nothing left to move would otherwise each add a backup, and the oldest kept ones would go.
 */
async function backupBeforeRun(lib: Library): Promise<void> {
  await backupBefore(lib.sqlite, lib.root, 'the migration');
}

function hasWork(plan: MigrationPlan): boolean {
  return plan.recordings.some((g) => g.files.some((f) => f.action !== 'leave'));
}

/**
 * Applies a migration of `mediaDir`: resumes its unfinished run if there is one, else plans afresh
 * and starts a run. With nothing left to move it changes nothing and reports the last run.
 */
export async function applyMigration(lib: Library, mediaDir: string, opts: RunOptions & { runId?: string } = {}): Promise<ApplyReport> {
  assertAvailable(lib); // moving into a library whose users/ is away would write a second, partial one
  const root = path.resolve(mediaDir);
  const undoing = findRuns(lib, root, ['undoing'])[0];
  if (undoing) throw new MigrateError(`The undo of run ${undoing.id} was interrupted: finish it first (reclib migrate --undo ${undoing.id})`);
  const unfinished = findRuns(lib, root, ['applying', 'cancelled', 'failed'])[0];
  if (unfinished && opts.runId !== undefined && unfinished.id !== opts.runId) {
    throw new MigrateError(`Run ${unfinished.id} of this folder is unfinished (${unfinished.state}): resume or undo it first`);
  }
  if (unfinished) {
    await backupBeforeRun(lib);
    return executeRun(lib, unfinished.plan, opts);
  }
  const plan = await planMigration(lib, root, { ...opts, runId: opts.runId });
  if (!hasWork(plan)) {
    const last = findRuns(lib, root, ['applied'])[0];
    if (opts.runId) deletePlannedRun(lib, opts.runId);
    return { runId: last?.id ?? plan.runId, moved: 0, deduped: 0, leftovers: plan.leftovers.map((l) => ({ path: l.path, reason: l.reason })), unaccounted: [] };
  }
  await backupBeforeRun(lib);
  startRun(lib, plan);
  lib.events.emit('library:changed', { reason: 'migration started' });
  try {
    return await executeRun(lib, plan, opts);
  } finally {
    lib.events.emit('library:changed', { reason: 'migrated' });
  }
}

/**
 * What a plan would do, as one string: every file's from, to, action, size and hash, and every
 * leftover. Two plans of the same tree (and library) have the same digest.
 */
export function planDigest(plan: MigrationPlan): string {
  const h = createHash('sha256');
  for (const g of plan.recordings) {
    h.update(`G\0${g.kind}\0${g.recordingId ?? ''}\0${g.profileId}\n`);
    for (const f of g.files) h.update(`F\0${f.from}\0${f.to ?? ''}\0${f.action}\0${f.bytes}\0${f.hash ?? ''}\n`);
  }
  for (const l of plan.leftovers) h.update(`L\0${l.path}\0${l.bytes}\0${l.reason}\n`);
  for (const p of plan.profiles) h.update(`P\0${p.id}\0${p.name}\0${p.create}\n`);
  return h.digest('hex');
}

export const PLAN_CHANGED = 'The folder changed since the plan; review the new plan';

/**
 * Applies a run by id: an unfinished one resumes. A planned one is applied only when a fresh scan
 * gives the same plan the user reviewed; otherwise the new plan is stored in its place and the
 * apply is refused, so nothing the user did not see is ever moved. Another unfinished run of the
 * same folder is finished (or undone) first.
 */
export async function applyRun(lib: Library, runId: string, opts: RunOptions = {}): Promise<ApplyReport> {
  assertAvailable(lib);
  const run = getRun(lib, runId);
  if (!run) throw new MigrateError(`There is no migration run ${runId}`);
  if (run.state === 'applied' && run.report) return run.report as ApplyReport;
  if (run.state === 'undone' || run.state === 'undoing') throw new MigrateError(`Run ${runId} was undone; plan the migration again`);
  if (run.state === 'planned') {
    const other = findRuns(lib, run.mediaDir, ['applying', 'cancelled', 'failed', 'undoing']).find((r) => r.id !== runId);
    if (other) {
      throw new MigrateError(
        other.state === 'undoing'
          ? `The undo of run ${other.id} of this folder was interrupted: finish it first (reclib migrate --undo ${other.id})`
          : `Run ${other.id} of this folder is unfinished (${other.state}): resume or undo it first`,
      );
    }
    const fresh = await planMigration(lib, run.mediaDir, { signal: opts.signal, onProgress: opts.onProgress, runId });
    if (planDigest(fresh) !== planDigest(run.plan)) {
      savePlannedRun(lib, fresh);
      throw new MigrateError(PLAN_CHANGED);
    }
    if (!hasWork(fresh)) {
      deletePlannedRun(lib, runId);
      const last = findRuns(lib, run.mediaDir, ['applied'])[0];
      return { runId: last?.id ?? runId, moved: 0, deduped: 0, leftovers: fresh.leftovers.map((l) => ({ path: l.path, reason: l.reason })), unaccounted: [] };
    }
    await backupBeforeRun(lib);
    startRun(lib, fresh);
    lib.events.emit('library:changed', { reason: 'migration started' });
    try {
      return await executeRun(lib, fresh, opts);
    } finally {
      lib.events.emit('library:changed', { reason: 'migrated' });
    }
  }
  await backupBeforeRun(lib);
  try {
    return await executeRun(lib, run.plan, opts);
  } finally {
    lib.events.emit('library:changed', { reason: 'migrated' });
  }
}

