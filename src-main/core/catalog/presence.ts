/**
 * Whether a folder holds a Reclib library. Only `reclib init` and the app's explicit "Create a
 * new library here" make one. Everything else refuses a folder without a catalog: an unmounted
 * disk leaves an empty mount point that looks exactly like that, and a new catalog there would be
 * hidden under the real library once the disk is mounted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { newestBackup } from './backup-files';
import { shellArg } from '../log/command-hint';
import { CATALOG_FILE } from '../storage/paths';

export type NotFoundWhy = 'missing-folder' | 'not-a-folder' | 'no-catalog';

const REASONS: Record<NotFoundWhy, string> = {
  'missing-folder': 'the folder does not exist',
  'not-a-folder': 'it is a file, not a folder',
  'no-catalog': 'the folder has no catalog.db',
};

export class LibraryNotFoundError extends Error {
  override name = 'LibraryNotFoundError';
  /** The reason in words, for the app's "Library not found" screen. */
  readonly reason: string;

  constructor(
    readonly root: string,
    readonly why: NotFoundWhy,
  ) {
    let message = `No Reclib library at ${root}. Is the disk mounted? Create one with \`reclib init --library ${shellArg(root)}\`.`;
    // A library whose catalog.db went missing still has its backups: that is the way back, not init.
    const backup = why === 'no-catalog' ? newestBackup(root) : null;
    if (backup) message += ` Its catalog.db is missing but ${backup.path} is a backup of it: \`reclib catalog restore ${shellArg(backup.path)} --library ${shellArg(root)}\` puts it back.`;
    super(message);
    this.reason = REASONS[why];
  }
}

/** Why `root` holds no library, or null when it has a catalog. */
export function whyNoLibrary(root: string): NotFoundWhy | null {
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch {
    return 'missing-folder';
  }
  if (!st.isDirectory()) return 'not-a-folder';
  return fs.existsSync(path.join(root, CATALOG_FILE)) ? null : 'no-catalog';
}

/** Throws LibraryNotFoundError unless `root` holds a catalog. Reads only; creates nothing. */
export function requireLibrary(root: string): void {
  const why = whyNoLibrary(root);
  if (why) throw new LibraryNotFoundError(root, why);
}
