/**
 * Applies a plan through the journal. When the run starts, one transaction stores the plan,
 * creates the profiles, reserves every recording row (status `importing`) and writes one journal
 * row per file. Then, per recording: each file's step is recorded before and after its durable
 * move (rename on one filesystem, verified copy across devices), duplicates are removed only after
 * their kept copy is re-hashed, and one transaction registers the files, the usage and the final
 * status. A process killed anywhere resumes from the journal; every step is convergent.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { searchKeyOf } from '@shared/domain';
import type { JobProgress } from '@shared/jobs';
import { CancelledError } from '../jobs/queue';
import type { Library } from '../catalog/library';
import { addFile } from '../catalog/repositories/files';
import { indexTranscriptFile } from '../transcripts/search';
import { faultPoint } from '../storage/faults';
import { durableMove, exists, FileOpError, fsyncDirs, removeFile } from '../storage/fsops';
import { hashFile } from '../storage/hash';
import { toRelPath } from '../storage/paths';
import { commitPlan, planApply } from '../templates/apply';
import type { MigrationPlan, PlanFile, PlanGroup } from './plan';
import { type ApplyReport, exclusive, setRunState } from '../catalog/repositories/migration-runs';
import { verifyRun } from './verify';
import { durably } from '../catalog/connection';

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: Partial<JobProgress>) => void;
}

export interface JournalEntry {
  id: number;
  step: string;
  hash: string | null;
  /** Its destination was already there before this run touched it: owned by someone else, never removed by our undo. */
  existed?: boolean;
  /** Moved by this run, then changed by someone before the run committed it: its size now (its hash is `hash`). */
  changedSize?: number;
  /**
   * Not moved: before this run could, a person put a different file where it was to go (an attached
   * transcript). Theirs stays; the legacy file stays in the legacy folder, reported as a leftover.
   */
  keptLegacy?: boolean;
  /**
   * A duplicate not removed: by the time its turn came, it and its kept copy no longer held the same
   * bytes (a person changed one of them). The legacy file stays, with this size, reported as a leftover.
   */
  differs?: { size: number; gone?: boolean };
  /** Moved by this run, then removed by a person before its recording was committed: not registered. */
  gone?: boolean;
}

export function fileKey(g: number, i: number): string {
  return `${g}:${i}`;
}

export function loadJournal(lib: Library, runId: string): Map<string, JournalEntry> {
  const rows = lib.sqlite.prepare("SELECT id, step, payload FROM journal WHERE op = 'migrate' AND run_id = ?").all(runId) as { id: number; step: string; payload: string }[];
  const out = new Map<string, JournalEntry>();
  for (const r of rows) {
    const p = JSON.parse(r.payload) as {
      g: number;
      i: number;
      hash?: string;
      existed?: boolean;
      changedSize?: number;
      keptLegacy?: boolean;
      differs?: { size: number; gone?: boolean };
      gone?: boolean;
    };
    out.set(fileKey(p.g, p.i), {
      id: r.id,
      step: r.step,
      hash: p.hash ?? null,
      existed: p.existed === true,
      ...(typeof p.changedSize === 'number' ? { changedSize: p.changedSize } : {}),
      ...(p.keptLegacy ? { keptLegacy: true } : {}),
      ...(p.differs ? { differs: p.differs } : {}),
      ...(p.gone ? { gone: true } : {}),
    });
  }
  return out;
}

/** One transaction: the run row, its profiles, its reserved recordings and one journal row per file. */
export function startRun(lib: Library, plan: MigrationPlan): void {
  const db = lib.sqlite;
  // On disk before the first file moves: after a power cut the journal must know every move.
  durably(db, () => {
    db.prepare(
      `INSERT INTO migration_runs (id, media_dir, state, plan) VALUES (?, ?, 'applying', ?)
       ON CONFLICT (id) DO UPDATE SET state = 'applying', plan = excluded.plan, started_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)`,
    ).run(plan.runId, plan.mediaDir, JSON.stringify(plan));
    for (const p of plan.profiles) {
      if (!p.create) continue;
      if (db.prepare('SELECT 1 FROM profiles WHERE id = ?').get(p.id)) throw new Error(`profile #${p.id} was created since the plan was made; plan again`);
      db.prepare('INSERT INTO profiles (id, name) VALUES (?, ?)').run(p.id, p.name);
    }
    const insRec = db.prepare(
      `INSERT INTO recordings (id, profile_id, display_name, search_key, start_time, status, legacy_id, size_bytes, status_reason)
       VALUES (?, ?, ?, ?, ?, 'importing', ?, 0, ?)`,
    );
    const insJournal = db.prepare("INSERT INTO journal (op, run_id, state, step, payload) VALUES ('migrate', ?, 'pending', 'planned', ?)");
    plan.recordings.forEach((g, gi) => {
      if (g.recordingId !== null) {
        if (db.prepare('SELECT 1 FROM recordings WHERE id = ?').get(g.recordingId)) throw new Error(`recording #${g.recordingId} was created since the plan was made; plan again`);
        insRec.run(g.recordingId, g.profileId, g.displayName, searchKeyOf(g.displayName), g.startTime, g.legacyId, `migrating (run ${plan.runId})`);
      }
      g.files.forEach((f, fi) => {
        if (f.action !== 'leave') insJournal.run(plan.runId, JSON.stringify({ g: gi, i: fi, from: f.from, to: f.to, action: f.action }));
      });
    });
  });
}

interface Ctx {
  lib: Library;
  plan: MigrationPlan;
  journal: Map<string, JournalEntry>;
  opts: RunOptions;
  progress: { done: number; total: number; bytesDone: number; bytesTotal: number };
  /** Files a killed run had moved but not committed: a person may have changed them since, at any size. */
  movedBefore: Set<string>;
}

function srcAbs(plan: MigrationPlan, rel: string): string {
  return path.join(plan.mediaDir, ...rel.split('/'));
}

function setStep(ctx: Ctx, g: number, i: number, step: string, hash?: string): void {
  const e = ctx.journal.get(fileKey(g, i));
  if (!e) return;
  e.step = step;
  if (hash !== undefined) {
    e.hash = hash;
    ctx.lib.sqlite
      .prepare("UPDATE journal SET step = ?, payload = json_set(payload, '$.hash', ?), updated_at = ? WHERE id = ?")
      .run(step, hash, Date.now(), e.id);
  } else ctx.lib.sqlite.prepare('UPDATE journal SET step = ?, updated_at = ? WHERE id = ?').run(step, Date.now(), e.id);
}

const DONE_STEPS = new Set(['moved', 'committed']);

/** Recordings handled together: their renames share one round of folder fsyncs. */
const BATCH = 32;

/** Marks every pending file of a batch `moving` in one transaction, before any of them moves. */
function markMoving(ctx: Ctx, batch: number[]): void {
  const stmt = ctx.lib.sqlite.prepare("UPDATE journal SET step = 'moving', updated_at = ? WHERE id = ?");
  const existedStmt = ctx.lib.sqlite.prepare("UPDATE journal SET step = 'moving', payload = json_set(payload, '$.existed', json('true')), updated_at = ? WHERE id = ?");
  durably(ctx.lib.sqlite, () => {
    for (const gi of batch) {
      const g = ctx.plan.recordings[gi]!;
      for (const [i, f] of g.files.entries()) {
        const e = ctx.journal.get(fileKey(gi, i));
        if (!e || f.action === 'leave' || DONE_STEPS.has(e.step) || e.step === 'moving') continue;
        // Profile thumbnails share one folder across runs: a destination there before any move of
        // ours belongs to an earlier run (or an upload). Noted now, so the undo copies instead of taking it.
        if (g.kind === 'thumbnails' && f.action === 'move' && f.to !== null && existsSync(ctx.lib.paths.abs(f.to))) {
          existedStmt.run(Date.now(), e.id);
          e.existed = true;
        } else stmt.run(Date.now(), e.id);
        e.step = 'moving';
      }
    }
  });
}

async function moveOne(ctx: Ctx, g: number, i: number, f: PlanFile, syncLater: Set<string>, renamed: Map<string, string>): Promise<void> {
  const e = ctx.journal.get(fileKey(g, i));
  if (!e || DONE_STEPS.has(e.step) || f.to === null) return;
  faultPoint('migrate:before-move');
  const dest = ctx.lib.paths.assertNoEscape(f.to);
  const expected = f.hash !== null ? { hash: f.hash, size: f.bytes } : undefined;
  let res: Awaited<ReturnType<typeof durableMove>>;
  try {
    res = await durableMove(srcAbs(ctx.plan, f.from), dest, { expected, signal: ctx.opts.signal, syncLater });
  } catch (err) {
    // ECONFLICT: the original is gone and the destination holds other bytes — this run moved it
    // before a kill, and someone changed it since. Those bytes are theirs now: kept and committed
    // as they are (never a resume that fails for ever), and the log says so.
    if (err instanceof FileOpError && err.code === 'EEXIST' && f.kind !== 'source') {
      // Both are someone's: theirs stays where it is, ours stays in the legacy folder (never a
      // resume that fails for ever, never a file replaced), and the report lists it as left over.
      ctx.lib.log.warn('a different file is already where a migrated file was to go; the legacy file stays where it is', { file: f.to, from: f.from });
      Object.assign(e, { step: 'moved', existed: true, keptLegacy: true });
      ctx.lib.sqlite
        .prepare("UPDATE journal SET step = 'moved', payload = json_set(payload, '$.existed', json('true'), '$.keptLegacy', json('true')), updated_at = ? WHERE id = ?")
        .run(Date.now(), e.id);
      return;
    }
    if (err instanceof FileOpError && err.code === 'ENOENT' && !(await exists(dest))) {
      // In neither place: this run moved it before a kill and a person took it out of the library
      // since (or took the legacy file away before it moved). Theirs to take: recorded as gone,
      // so the resume finishes instead of failing for ever (see commitGroup).
      markGone(ctx, e, f, 'a file to migrate is in neither the legacy folder nor the library');
      return;
    }
    if (!(err instanceof FileOpError && err.code === 'ECONFLICT')) throw err;
    await keepAsItIsNow(ctx, e, f, dest);
    return;
  }
  if ((f.hash !== null && res.hash !== f.hash) || res.size !== f.bytes) {
    // Resumed: this run moved it before a kill (the original is gone), and someone changed it
    // since. A plan without the file's hash cannot tell that apart by content, only by this.
    if (res.method === 'resumed') {
      await keepAsItIsNow(ctx, e, f, dest);
      return;
    }
    throw new FileOpError(`${f.from} changed since the plan was made (hash or size differs); plan again`, 'ECHANGED');
  }
  faultPoint('migrate:moved');
  // A verified copy is durable on its own; a rename becomes so with its batch's folder fsyncs.
  if (res.method === 'rename') renamed.set(fileKey(g, i), res.hash);
  else setStep(ctx, g, i, 'moved', res.hash);
}

/**
 * A file this run moved, changed by someone before the run committed it: those bytes are theirs
 * now, kept and committed as they are (never a resume that fails for ever), and the log says so.
 */
async function keepAsItIsNow(ctx: Ctx, e: JournalEntry, f: PlanFile, dest: string): Promise<void> {
  const now = await hashFile(dest);
  ctx.lib.log.warn('a migrated file was changed before its recording was committed; it is kept as it is now', { file: f.to, from: f.from });
  e.changedSize = now.size;
  e.hash = now.hash;
  e.step = 'moved';
  ctx.lib.sqlite
    .prepare("UPDATE journal SET step = 'moved', payload = json_set(payload, '$.hash', ?, '$.changedSize', ?), updated_at = ? WHERE id = ?")
    .run(now.hash, now.size, Date.now(), e.id);
}

/** A file in neither place: a person's doing, recorded so that the resume and its check go on. */
function markGone(ctx: Ctx, e: JournalEntry, f: PlanFile, message: string): void {
  ctx.lib.log.warn(message, { file: f.to, from: f.from });
  e.gone = true;
  e.step = e.step === 'committed' ? e.step : 'moved';
  ctx.lib.sqlite
    .prepare("UPDATE journal SET step = ?, payload = json_set(payload, '$.gone', json('true')), updated_at = ? WHERE id = ?")
    .run(e.step, Date.now(), e.id);
}

/** A duplicate that is one no longer: left in the legacy folder and reported as a leftover. */
function keepDuplicate(ctx: Ctx, e: JournalEntry, f: PlanFile, size: number, gone = false): void {
  ctx.lib.log.warn(gone ? 'the kept copy of a duplicate was taken away; the duplicate stays in the legacy folder' : 'a duplicate is no longer identical to its kept copy; it stays in the legacy folder', { file: f.from, kept: f.to });
  const differs = gone ? { size, gone } : { size };
  Object.assign(e, { step: 'moved', keptLegacy: true, differs });
  ctx.lib.sqlite
    .prepare("UPDATE journal SET step = 'moved', payload = json_set(payload, '$.keptLegacy', json('true'), '$.differs', json(?)), updated_at = ? WHERE id = ?")
    .run(JSON.stringify(differs), Date.now(), e.id);
}

/** Moves a recording's already-moved files back to the legacy folder and marks them planned again. */
async function putBack(ctx: Ctx, gi: number): Promise<void> {
  for (const [i, f] of ctx.plan.recordings[gi]!.files.entries()) {
    const e = ctx.journal.get(fileKey(gi, i));
    if (!e || f.action !== 'move' || f.to === null || e.step === 'committed') continue;
    const dest = ctx.lib.paths.abs(f.to);
    if (await exists(dest)) await durableMove(dest, srcAbs(ctx.plan, f.from));
    setStep(ctx, gi, i, 'planned');
  }
}

/** Whether this run still has to move a duplicate's kept copy into place (not moved, or put back). */
function keptCopyPending(ctx: Ctx, to: string): boolean {
  for (const [gi, g] of ctx.plan.recordings.entries()) {
    for (const [i, f] of g.files.entries()) {
      if (f.action !== 'move' || f.to !== to) continue;
      const step = ctx.journal.get(fileKey(gi, i))?.step;
      return step === undefined || !DONE_STEPS.has(step);
    }
  }
  return false;
}

async function dedupeOne(ctx: Ctx, g: number, i: number, f: PlanFile): Promise<void> {
  const e = ctx.journal.get(fileKey(g, i));
  if (!e || DONE_STEPS.has(e.step) || f.to === null) return;
  if (f.hash === null) throw new FileOpError(`${f.from} has no hash to prove it a duplicate`, 'EVERIFY');
  durably(ctx.lib.sqlite, () => setStep(ctx, g, i, 'deduping'));
  const src = srcAbs(ctx.plan, f.from);
  const kept = ctx.lib.paths.abs(f.to);
  if (!(await exists(kept))) {
    // Not in place yet (this run moves it later, or put it back at a cancel): the duplicate waits.
    if (keptCopyPending(ctx, f.to)) throw new FileOpError(`cannot remove the duplicate ${f.from}: its kept copy ${f.to} is not in place yet`, 'ENOENT');
    // Moved in, then taken out of the library by a person (after a kill): the legacy duplicate may
    // be the only copy of those bytes left here, so it stays. Gone too, it was removed before the
    // kill and the dedupe is done.
    if (await exists(src)) keepDuplicate(ctx, e, f, (await fs.stat(src)).size, true);
    else setStep(ctx, g, i, 'moved', f.hash);
    return;
  }
  if (await exists(src)) {
    // Proven now, not at plan time: both sides are re-read before a duplicate goes.
    const [a, b] = await Promise.all([hashFile(src), hashFile(kept)]);
    if (a.hash !== f.hash || b.hash !== f.hash || a.size !== b.size) {
      // A person changed one side since the plan (most likely the kept copy, after a kill): the
      // legacy file may now be the only copy of those bytes. It stays, so the run still finishes.
      keepDuplicate(ctx, e, f, a.size);
      return;
    }
    faultPoint('migrate:before-dedupe');
    await removeFile(src);
  }
  faultPoint('migrate:deduped');
  setStep(ctx, g, i, 'moved', f.hash);
}

async function commitGroup(ctx: Ctx, gi: number, g: PlanGroup, renamed: Map<string, string>): Promise<void> {
  const keys = g.files.map((f, i) => ({ f, i, e: ctx.journal.get(fileKey(gi, i)) }));
  if (keys.every((k) => !k.e || k.e.step === 'committed')) return;
  const hashOf = (i: number, f: PlanFile) => renamed.get(fileKey(gi, i)) ?? ctx.journal.get(fileKey(gi, i))?.hash ?? f.hash;
  const facts: { f: PlanFile; i: number; mtimeMs: number; ino: number; size: number }[] = [];
  let sourceGone = false;
  // A gone source keeps its row, on an absent file, so a scan keeps the recording missing (and heals it when the file is back).
  const goneSource = (k: (typeof keys)[number]) => {
    sourceGone = true;
    facts.push({ f: k.f, i: k.i, mtimeMs: 0, ino: 0, size: k.e?.changedSize ?? k.f.bytes });
  };
  for (const k of keys) {
    if (k.e?.gone && k.f.kind === 'source' && k.f.action === 'move') goneSource(k);
    if (k.f.action !== 'move' || k.f.kind === null || k.f.to === null || k.e?.existed || k.e?.gone) continue;
    const st = await fs.stat(ctx.lib.paths.abs(k.f.to)).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !k.e) throw err;
      return null;
    });
    if (!st) {
      // Moved by this run, then taken away by a person before the commit: theirs to take. The
      // recording is committed without it; without its source it is committed as missing.
      markGone(ctx, k.e!, k.f, 'a migrated file was removed before its recording was committed; it is not registered'); // (null only for a journaled file)
      if (k.f.kind === 'source') goneSource(k);
      continue;
    }
    const resumed = k.e?.step === 'moved' && ctx.movedBefore.has(fileKey(gi, k.i));
    const now = k.e && k.e.step !== 'committed' && (resumed || st.size !== (k.e.changedSize ?? k.f.bytes)) ? await hashFile(ctx.lib.paths.abs(k.f.to)) : null;
    if (k.e && now && (now.size !== (k.e.changedSize ?? k.f.bytes) || now.hash !== hashOf(k.i, k.f))) {
      // Moved by this run, then changed by a person before the commit (as in moveOne's ECONFLICT):
      // registered as it is now, so the resume converges instead of failing its check for ever.
      // A file moved by a killed run is re-read here: a changed byte keeps the size and the row
      // would otherwise promise a hash the file no longer has.
      ctx.lib.log.warn('a migrated file was changed before its recording was committed; it is kept as it is now', { file: k.f.to, from: k.f.from });
      Object.assign(k.e, { changedSize: now.size, hash: now.hash });
      renamed.delete(fileKey(gi, k.i));
      ctx.lib.sqlite
        .prepare("UPDATE journal SET payload = json_set(payload, '$.hash', ?, '$.changedSize', ?), updated_at = ? WHERE id = ?")
        .run(now.hash, now.size, Date.now(), k.e.id);
    }
    facts.push({ f: k.f, i: k.i, mtimeMs: st.mtimeMs, ino: st.ino, size: k.e?.changedSize ?? k.f.bytes });
  }
  const db = ctx.lib.sqlite;
  const hasRow = db.prepare('SELECT 1 FROM files WHERE rel_path = ?');
  const commitStep = db.prepare("UPDATE journal SET step = 'committed', state = 'done', payload = json_set(payload, '$.hash', ?), updated_at = ? WHERE id = ?");
  db.transaction(() => {
    let size = 0;
    for (const x of facts) {
      size += x.size;
      if (hasRow.get(x.f.to)) continue;
      const fileId = addFile(db, {
        recordingId: g.recordingId,
        profileId: g.profileId,
        kind: x.f.kind!,
        relPath: toRelPath(x.f.to!),
        size: x.size,
        mtimeMs: x.mtimeMs,
        inode: x.ino,
        hash: hashOf(x.i, x.f) ?? '',
      });
      // A legacy transcript is searchable from the moment its row exists.
      if (x.f.kind === 'transcript' && g.recordingId !== null) {
        indexTranscriptFile(db, { fileId, recordingId: g.recordingId, relPath: x.f.to!, hash: hashOf(x.i, x.f) ?? '', origin: 'migrated' }, { abs: ctx.lib.paths.abs(x.f.to!) });
      }
    }
    if (g.recordingId !== null) {
      if (sourceGone) {
        // Its source was taken away after this run moved it: the recording is kept (name, date,
        // other files) and said to be missing its source, as a scan says of any recording.
        db.prepare("UPDATE recordings SET status = 'missing', previous_status = ?, status_reason = ?, size_bytes = ?, updated_at = ? WHERE id = ?").run(
          g.status,
          'its source file was removed from the library during the migration',
          size,
          Date.now(),
          g.recordingId,
        );
      } else db.prepare('UPDATE recordings SET status = ?, status_reason = NULL, size_bytes = ?, updated_at = ? WHERE id = ?').run(g.status, size, Date.now(), g.recordingId);
    }
    for (const k of keys) {
      if (!k.e) continue;
      commitStep.run(hashOf(k.i, k.f), Date.now(), k.e.id);
    }
  })();
  for (const k of keys) {
    if (!k.e) continue;
    k.e.hash = hashOf(k.i, k.f);
    k.e.step = 'committed';
  }
  faultPoint('migrate:committed');
}

/** Runs (or resumes) a started run to the end, then verifies it. */
export function executeRun(lib: Library, plan: MigrationPlan, opts: RunOptions = {}): Promise<ApplyReport> {
  return exclusive(plan.runId, () => execute(lib, plan, opts));
}

async function execute(lib: Library, plan: MigrationPlan, opts: RunOptions): Promise<ApplyReport> {
  const journal = loadJournal(lib, plan.runId);
  const all = plan.recordings.flatMap((g) => g.files).filter((f) => f.action !== 'leave');
  const movedBefore = new Set([...journal].flatMap(([key, e]) => (e.step === 'moved' ? [key] : [])));
  const ctx: Ctx = { lib, plan, journal, opts, movedBefore, progress: { done: 0, total: all.length, bytesDone: 0, bytesTotal: all.reduce((a, f) => a + f.bytes, 0) } };
  let lastReport = 0;
  const tick = (f: PlanFile) => {
    ctx.progress.done++;
    ctx.progress.bytesDone += f.bytes;
    const now = Date.now();
    if (now - lastReport < 100 && f.bytes < 1e6) return;
    lastReport = now;
    opts.onProgress?.({ ...ctx.progress, current: f.from });
  };
  opts.onProgress?.({ ...ctx.progress, current: 'moving files' });
  try {
    const order = plan.recordings.map((_, gi) => gi);
    for (let b = 0; b < order.length; b += BATCH) {
      // The safe point: between batches, every earlier recording is committed and nothing is half-moved.
      if (opts.signal?.aborted) throw new CancelledError('migration cancelled');
      const batch = order.slice(b, b + BATCH);
      markMoving(ctx, batch);
      const syncLater = new Set<string>();
      const renamed = new Map<string, string>();
      // Two moves in flight: one copies while the other waits for its fsync (across devices), or
      // one renames while the other hashes (one disk).
      const tasks = batch.flatMap((gi) => plan.recordings[gi]!.files.flatMap((f, i) => (f.action === 'move' ? [{ gi, i, f }] : [])));
      const stopped = new Set<number>();
      let failure: unknown = null;
      let next = 0;
      const worker = async () => {
        for (;;) {
          const t = tasks[next++];
          if (!t) return;
          if (opts.signal?.aborted || failure !== null || stopped.has(t.gi)) {
            stopped.add(t.gi);
            continue;
          }
          try {
            await moveOne(ctx, t.gi, t.i, t.f, syncLater, renamed);
            tick(t.f);
          } catch (err) {
            stopped.add(t.gi);
            if (!opts.signal?.aborted) failure ??= err;
          }
        }
      };
      await Promise.all([worker(), worker()]);
      if (failure !== null) throw failure;
      // Cancelled inside a recording: what of it already moved goes back, so it is all or nothing.
      for (const gi of stopped) await putBack(ctx, gi);
      const moved = batch.filter((gi) => !stopped.has(gi));
      await fsyncDirs(syncLater);
      for (const gi of moved) {
        const g = plan.recordings[gi]!;
        // Duplicates go only once their kept copy is in place; small files, so not cancelled half way.
        for (const [i, f] of g.files.entries()) {
          if (f.action !== 'dedupe') continue;
          await dedupeOne(ctx, gi, i, f);
          tick(f);
        }
        await commitGroup(ctx, gi, g, renamed);
      }
    }
    if (opts.signal?.aborted) throw new CancelledError('migration cancelled');
  } catch (err) {
    if (opts.signal?.aborted || err instanceof CancelledError || (err instanceof FileOpError && err.code === 'ABORT_ERR')) {
      setRunState(lib, plan.runId, 'cancelled');
      throw new CancelledError('migration cancelled: what moved is committed; apply again to resume, or undo the run');
    }
    throw err;
  }
  // New rows have no manual assignment: the template rules decide, as for any import (resumes too).
  matchTemplates(lib, plan);
  opts.onProgress?.({ ...ctx.progress, current: 'verifying' });
  const unaccounted = await verifyRun(lib, plan, journal);
  const all2 = plan.recordings.flatMap((g) => g.files);
  const report: ApplyReport = {
    runId: plan.runId,
    moved: all2.filter((f) => f.action === 'move').length,
    deduped: all2.filter((f) => f.action === 'dedupe').length,
    leftovers: [
      ...plan.leftovers.map((l) => ({ path: l.path, reason: l.reason })),
      ...keptInLegacy(plan, journal).map(({ f, differs }) => ({
        path: f.from,
        reason:
          differs === 'gone'
            ? `kept here: ${f.to} was taken out of the library`
            : differs
              ? `kept here: no longer identical to ${f.to}`
              : `kept here: ${f.to} already holds a different file (yours, added since the plan)`,
      })),
    ],
    unaccounted: unaccounted.map((u) => ({ path: u.path, reason: u.reason })),
  };
  if (unaccounted.length === 0) {
    // Journal rows stay: they are what an undo of this run follows.
    await removeEmptyLegacyDirs(plan);
  }
  setRunState(lib, plan.runId, unaccounted.length === 0 ? 'applied' : 'failed', report);
  opts.onProgress?.({ ...ctx.progress, current: null });
  return report;
}

/** Files this run left in the legacy folder: a different file took their place first, or a duplicate became different. */
function keptInLegacy(plan: MigrationPlan, journal: Map<string, JournalEntry>): { f: PlanFile; differs: boolean | 'gone' }[] {
  return plan.recordings.flatMap((g, gi) =>
    g.files.flatMap((f, i) => {
      const e = journal.get(fileKey(gi, i));
      return e?.keptLegacy ? [{ f, differs: e.differs?.gone ? ('gone' as const) : e.differs !== undefined }] : [];
    }),
  );
}

/** Runs the template rules over the run's recordings (a manual choice, made since, is kept by commitPlan). */
export function matchTemplates(lib: Library, plan: MigrationPlan): number {
  const ids = plan.recordings.flatMap((g) => (g.recordingId !== null ? [g.recordingId] : []));
  if (ids.length === 0) return 0;
  return commitPlan(lib.sqlite, planApply(lib.sqlite, ids));
}

/** After a verified run: folders left empty in the legacy tree go, deepest first; the root always stays. */
export async function removeEmptyLegacyDirs(plan: MigrationPlan): Promise<number> {
  const dirs = [...plan.dirs].sort((a, b) => b.split('/').length - a.split('/').length || b.localeCompare(a));
  let n = 0;
  for (const d of dirs) {
    try {
      await fs.rmdir(path.join(plan.mediaDir, ...d.split('/')));
      n++;
    } catch {
      // Not empty (a leftover lives there) or already gone.
    }
  }
  return n;
}
