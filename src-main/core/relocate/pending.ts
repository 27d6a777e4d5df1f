/**
 * The move's mark in the OLD library: `.reclib-moving.json` names the destination of a move that
 * has started and not finished. The journal in the destination says how far the copy got, but only
 * someone who knows the destination can find it; this mark is what lets the app (on open) and any
 * CLI command on the old library find an interrupted move by themselves.
 *
 * Written (fsynced, atomically) after the destination's journal exists and before the first byte
 * is copied; removed only once the switch is done and the old copy is removed (or kept), before the
 * destination's journal goes. It is the last file left in the old folder while its copy is removed,
 * so a kill at any point leaves either the mark or nothing to finish.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CATALOG_FILE } from '../storage/paths';

export const PENDING_FILE = '.reclib-moving.json';

export interface PendingMove {
  version: 1;
  to: string;
  keepOld: boolean;
  startedAt: string;
}

/** Synchronous on purpose: every CLI command asks before it starts (one small read). */
export function readPending(from: string): PendingMove | null {
  try {
    const v = JSON.parse(fs.readFileSync(path.join(from, PENDING_FILE), 'utf8')) as Partial<PendingMove>;
    if (v.version !== 1 || typeof v.to !== 'string' || !path.isAbsolute(v.to)) return null;
    return { version: 1, to: v.to, keepOld: v.keepOld === true, startedAt: typeof v.startedAt === 'string' ? v.startedAt : '' };
  } catch {
    return null;
  }
}

// fsops (and the hashing it brings) loads only to write or clear the mark: every CLI command reads it (start-up, issue 13).
export async function writePending(from: string, move: Omit<PendingMove, 'version'>): Promise<void> {
  const { atomicWrite } = await import('../storage/fsops');
  return atomicWrite(path.join(from, PENDING_FILE), JSON.stringify({ version: 1, ...move }, null, 2));
}

export async function clearPending(from: string): Promise<void> {
  await fs.promises.rm(path.join(from, PENDING_FILE), { force: true });
  const { fsyncDir } = await import('../storage/fsops');
  await fsyncDir(from).catch(() => undefined);
}

/** The sentence a command on the old library prints while a move is unfinished. */
export function pendingNote(from: string, move: PendingMove): string {
  if (!fs.existsSync(path.join(from, CATALOG_FILE))) {
    return (
      `This library was moved to ${move.to}; removing its old copy here was interrupted. ` +
      `Open it at ${move.to}, and finish the removal with: reclib relocate --resume --library "${from}".`
    );
  }
  return (
    `Moving this library to ${move.to} was interrupted and is not finished; the library is still here at ${from} and nothing was removed. ` +
    `Finish it with: reclib relocate --resume (or reclib relocate --to "${move.to}"), or stay here with: reclib relocate --abandon.`
  );
}
