/**
 * Whether an inbox folder is there. An unplugged disk or a renamed folder makes it `offline`: it
 * is not watched and nothing it held is forgotten — an inbox that looks empty is never taken for an
 * inbox that was emptied (the inbox never acts on files going away anyway).
 */
import fs from 'node:fs';
import { isInside } from '../storage/paths';
import type { InboxState } from '@shared/inbox';

export interface FolderPresence {
  state: InboxState;
  reason: string | null;
  /** The folder's identity while online: a different folder put in its place is watched afresh. */
  identity: string | null;
}

/**
 * `libraryRoot`: an inbox that came to hold the library, or to be inside it, after it was added (the
 * library moved into it, by relocate before that refused it or by hand) would import the library's
 * own files, fail, and try again for ever: it is not watched, and says why.
 */
export function folderPresence(abs: string, libraryRoot?: string): FolderPresence {
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'the folder is not there (is its disk connected?)' : `the folder cannot be reached (${code ?? 'error'})`;
    return { state: 'offline', reason, identity: null };
  }
  if (!st.isDirectory()) return { state: 'offline', reason: 'it is not a folder', identity: null };
  try {
    fs.accessSync(abs, fs.constants.R_OK | fs.constants.X_OK);
  } catch {
    return { state: 'offline', reason: 'the folder cannot be read (permission denied)', identity: null };
  }
  if (libraryRoot !== undefined && nestedWithLibrary(abs, libraryRoot)) {
    return { state: 'offline', reason: 'the library is inside this folder, or this folder is inside the library: remove this inbox, or move the library elsewhere', identity: null };
  }
  return { state: 'online', reason: null, identity: `${st.dev}:${st.ino}` };
}

function nestedWithLibrary(abs: string, libraryRoot: string): boolean {
  let real: string;
  let root: string;
  try {
    real = fs.realpathSync(abs);
    root = fs.realpathSync(libraryRoot);
  } catch {
    return false;
  }
  return isInside(root, real) || isInside(real, root);
}
