/**
 * A run's journal as the apply, its check and the undo use it: one entry per planned file (keyed
 * by its place in the plan), its step, and what the run learnt about the file on the way. Every
 * change is written to the journal row as it is made in memory, so a killed run resumes from it.
 */
import path from 'node:path';
import type { JobProgress } from '@shared/jobs';
import type { MigrationPlan, PlanFile } from '@shared/migrate-plan';
import type { Library } from '../catalog/library';
import {
  listMigrationJournal,
  markJournalDuplicateKept,
  markJournalGone,
  markJournalMovedAsChanged,
  setJournalStep,
  setJournalStepAndHash,
} from '../catalog/repositories/journal/migration';
import { hashFile } from '../storage/hash';

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
  const out = new Map<string, JournalEntry>();
  for (const { id, step, payload: p } of listMigrationJournal(lib.sqlite, runId)) {
    out.set(fileKey(p.g, p.i), {
      id,
      step,
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

/** Steps after which a file is in place (its recording committed, or about to be). */
export const DONE_STEPS = new Set(['moved', 'committed']);

/** What an apply carries from step to step. */
export interface ApplyCtx {
  lib: Library;
  plan: MigrationPlan;
  journal: Map<string, JournalEntry>;
  opts: RunOptions;
  progress: { done: number; total: number; bytesDone: number; bytesTotal: number };
  /** Files a killed run had moved but not committed: a person may have changed them since, at any size. */
  movedBefore: Set<string>;
}

export function srcAbs(plan: MigrationPlan, rel: string): string {
  return path.join(plan.mediaDir, ...rel.split('/'));
}

export function setStep(ctx: ApplyCtx, g: number, i: number, step: string, hash?: string): void {
  const e = ctx.journal.get(fileKey(g, i));
  if (!e) return;
  e.step = step;
  if (hash !== undefined) {
    e.hash = hash;
    setJournalStepAndHash(ctx.lib.sqlite, e.id, step, hash, Date.now());
  } else setJournalStep(ctx.lib.sqlite, e.id, step, Date.now());
}

/**
 * A file this run moved, changed by someone before the run committed it: those bytes are theirs
 * now, kept and committed as they are (never a resume that fails for ever), and the log says so.
 */
export async function keepAsItIsNow(ctx: ApplyCtx, e: JournalEntry, f: PlanFile, dest: string): Promise<void> {
  const now = await hashFile(dest);
  ctx.lib.log.warn('a migrated file was changed before its recording was committed; it is kept as it is now', { file: f.to, from: f.from });
  e.changedSize = now.size;
  e.hash = now.hash;
  e.step = 'moved';
  markJournalMovedAsChanged(ctx.lib.sqlite, e.id, now.hash, now.size, Date.now());
}

/** A file in neither place: a person's doing, recorded so that the resume and its check go on. */
export function markGone(ctx: ApplyCtx, e: JournalEntry, f: PlanFile, message: string): void {
  ctx.lib.log.warn(message, { file: f.to, from: f.from });
  e.gone = true;
  e.step = e.step === 'committed' ? e.step : 'moved';
  markJournalGone(ctx.lib.sqlite, e.id, e.step, Date.now());
}

/** A duplicate that is one no longer: left in the legacy folder and reported as a leftover. */
export function keepDuplicate(ctx: ApplyCtx, e: JournalEntry, f: PlanFile, size: number, gone = false): void {
  ctx.lib.log.warn(
    gone ? 'the kept copy of a duplicate was taken away; the duplicate stays in the legacy folder' : 'a duplicate is no longer identical to its kept copy; it stays in the legacy folder',
    { file: f.from, kept: f.to },
  );
  const differs = gone ? { size, gone } : { size };
  Object.assign(e, { step: 'moved', keptLegacy: true, differs });
  markJournalDuplicateKept(ctx.lib.sqlite, e.id, differs, Date.now());
}
