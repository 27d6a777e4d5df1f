/**
 * Whether an inbox folder is there. An unplugged disk or a renamed folder makes it `offline`: it
 * is not watched and nothing it held is forgotten — an inbox that looks empty is never taken for an
 * inbox that was emptied (the inbox never acts on files going away anyway).
 */
import fs from 'node:fs';
import type { InboxState } from '@shared/inbox';

export interface FolderPresence {
  state: InboxState;
  reason: string | null;
  /** The folder's identity while online: a different folder put in its place is watched afresh. */
  identity: string | null;
}

export function folderPresence(abs: string): FolderPresence {
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
  return { state: 'online', reason: null, identity: `${st.dev}:${st.ino}` };
}
