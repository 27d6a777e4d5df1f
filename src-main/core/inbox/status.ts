/** The inbox folders as a command sees them when no watcher runs: options, presence, what was seen. */
import type { InboxFolderStatus } from '@shared/inbox';
import type { Library } from '../catalog/library';
import { countSeen, listInboxFolders } from '../catalog/repositories/inbox';
import { folderPresence } from './availability';

export function inboxStatusNow(lib: Library): InboxFolderStatus[] {
  return listInboxFolders(lib.sqlite).map((f) => {
    const p = folderPresence(f.path, lib.root);
    return { ...f, state: p.state, reason: p.reason, waiting: 0, seen: countSeen(lib.sqlite, f.id) };
  });
}
