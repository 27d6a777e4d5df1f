/**
 * What must hold before a single byte is copied: the destination is a real place (its disk is
 * mounted), is not the library or inside it, is empty or an unfinished move of this very library,
 * and has room for everything still to copy.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { formatBytes } from '@shared/format';
import { readState, type RelocateState } from './journal';

export type RelocateErrorCode = 'NOT_ABSOLUTE' | 'NO_MOUNT' | 'SAME' | 'INSIDE' | 'IN_INBOX' | 'NOT_EMPTY' | 'NOT_FOLDER' | 'NO_ROOM' | 'CHANGED' | 'UNREACHABLE';

export class RelocateError extends Error {
  override name = 'RelocateError';
  constructor(
    message: string,
    readonly code: RelocateErrorCode,
  ) {
    super(message);
  }
}

/** Entries an empty, freshly formatted disk already has: they do not make a destination "not empty". */
const IGNORABLE = new Set(['lost+found', '.DS_Store', 'System Volume Information', '$RECYCLE.BIN']);

const code = (err: unknown) => (err as NodeJS.ErrnoException | undefined)?.code;

async function realOrNull(p: string): Promise<string | null> {
  try {
    return await fs.realpath(p);
  } catch (err) {
    if (code(err) === 'ENOENT' || code(err) === 'ENOTDIR') return null;
    throw err;
  }
}

/**
 * The library moved into one of its watched inbox folders (or around one) would be imported into
 * itself, again and again (found by a trial: `reclib watch` retried it every 2 s, each failure a
 * new job row). An inbox offline now is judged by its path.
 */
async function refuseInboxes(to: string, realTo: string, inboxes: readonly string[]): Promise<void> {
  for (const inbox of inboxes) {
    const real = (await realOrNull(inbox)) ?? path.resolve(inbox);
    if (real === realTo || within(realTo, real) || within(real, realTo)) {
      throw new RelocateError(`${to} is inside the inbox folder ${inbox}, or holds it: the library would be imported into itself. Choose another place, or stop watching that folder first. Nothing was copied.`, 'IN_INBOX');
    }
  }
}

export interface Destination {
  /** The destination as given, absolute and normalised (what the app remembers). */
  to: string;
  /** The unfinished move of this library found there, if any. */
  resume: RelocateState | null;
}

function within(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * Checks a destination against the library at `from`. Links are resolved on both sides, so
 * "inside the library" cannot be hidden behind a symbolic link.
 */
export async function checkDestination(from: string, toArg: string, libraryId: string | null, inboxes: readonly string[] = []): Promise<Destination> {
  if (!path.isAbsolute(toArg)) throw new RelocateError(`Give the whole path of the new place (from the top, like /media/disk/Recordings), not "${toArg}".`, 'NOT_ABSOLUTE');
  const to = path.resolve(toArg);
  const realFrom = await fs.realpath(from);
  const parent = path.dirname(to);
  const realParent = await realOrNull(parent);
  if (realParent === null) {
    throw new RelocateError(`The folder ${parent} does not exist. Is the disk mounted? Connect it (or create the folder) and try again; nothing was copied.`, 'NO_MOUNT');
  }
  const realTo = (await realOrNull(to)) ?? path.join(realParent, path.basename(to));
  if (realTo === realFrom) throw new RelocateError(`The library is already at ${to}.`, 'SAME');
  if (within(realTo, realFrom)) {
    throw new RelocateError(`${to} is inside the library itself; choose a folder outside ${from}. Nothing was copied.`, 'INSIDE');
  }
  await refuseInboxes(to, realTo, inboxes);
  let entries: string[];
  try {
    const st = await fs.stat(realTo);
    if (!st.isDirectory()) throw new RelocateError(`${to} is a file, not a folder. Choose an empty folder; nothing was copied.`, 'NOT_FOLDER');
    entries = (await fs.readdir(realTo)).filter((n) => !IGNORABLE.has(n));
  } catch (err) {
    if (err instanceof RelocateError) throw err;
    if (code(err) !== 'ENOENT') throw err;
    return { to, resume: null };
  }
  if (entries.length === 0) return { to, resume: null };
  const state = await readState(realTo);
  if (state && path.resolve(state.from) === path.resolve(from) && state.libraryId === libraryId) return { to, resume: state };
  throw new RelocateError(
    `${to} is not empty (it holds ${entries.length} item${entries.length === 1 ? '' : 's'}, e.g. "${entries[0]}"). ` +
      'Choose an empty folder, or a new folder name there; nothing was copied.',
    'NOT_EMPTY',
  );
}

/** Headroom beyond the bytes themselves: folder entries, the catalog's WAL, the journal. */
export const ROOM_MARGIN = 16 * 1024 * 1024;

export async function checkRoom(to: string, bytesNeeded: number): Promise<{ free: number }> {
  let probe = to;
  while ((await realOrNull(probe)) === null && path.dirname(probe) !== probe) probe = path.dirname(probe);
  const s = await fs.statfs(probe);
  const free = s.bavail * s.bsize;
  if (free < bytesNeeded + ROOM_MARGIN) {
    throw new RelocateError(
      `There is not enough room at ${to}: the library needs ${formatBytes(bytesNeeded + ROOM_MARGIN)} there, and the disk has ${formatBytes(free)} free. ` +
        'Free some space or choose a bigger disk; nothing was copied.',
      'NO_ROOM',
    );
  }
  return { free };
}
