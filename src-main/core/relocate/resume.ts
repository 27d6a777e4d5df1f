/**
 * Finding an interrupted move from the old library (its mark, pending.ts) and saying what is left:
 * the copy (the old library is still whole: run the move again to the same place), or only the old
 * copy's removal (the switch was done). A destination that cannot be reached is refused in words,
 * and nothing is created or removed for it: an unplugged disk's empty mount point must never
 * become the library's new home.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CATALOG_FILE } from '../storage/paths';
import { RelocateError } from './checks';
import { readState } from './journal';
import { type PendingMove, readPending } from './pending';

export type ResumePlan = { left: 'none' } | { left: 'copy' | 'remove'; move: PendingMove };

export function unreachableMessage(from: string, to: string): string {
  return (
    `The unfinished move of this library to ${to} cannot continue: that place cannot be reached or holds no unfinished move (is its disk connected?). ` +
    `Nothing was changed; the library stays at ${from}.`
  );
}

/** What is left of the move started from `from`, checked against the destination's journal. */
export async function planResume(from: string): Promise<ResumePlan> {
  const move = readPending(from);
  if (!move) return { left: 'none' };
  const state = await readState(move.to);
  if (!state || path.resolve(state.from) !== path.resolve(from) || path.resolve(state.to) !== path.resolve(move.to)) {
    throw new RelocateError(unreachableMessage(from, move.to), 'UNREACHABLE');
  }
  return { left: fs.existsSync(path.join(from, CATALOG_FILE)) ? 'copy' : 'remove', move };
}
