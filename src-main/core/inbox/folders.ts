/** Adding and removing watched folders: the checks a person's input needs before it is stored. */
import fs from 'node:fs';
import path from 'node:path';
import type { InboxFolder } from '@shared/inbox';
import type { Library } from '../catalog/library';
import { deleteInboxFolder, inboxFolderByPath, upsertInboxFolder } from '../catalog/repositories/inbox';
import { profileExists } from '@core/catalog/repositories/profiles/profiles';
import { isInside } from '../storage/paths';

export class InboxError extends Error {
  override name = 'InboxError';
}

export interface InboxFolderInput {
  path: string;
  move?: boolean;
  profileId?: number;
  process?: boolean;
  transcribe?: boolean;
}

/** The stored form of a folder path: absolute, resolved, NFC (so Cyrillic names compare equal). */
export function normalizeInboxPath(p: string): string {
  return path.resolve(p).normalize('NFC');
}

/**
 * Validates and stores a folder (or the new options of one already watched). The folder must exist
 * now (a typo is not an offline disk); it must not be the library or inside it, nor hold it (the
 * inbox would import the library's own files).
 */
export function addInboxFolder(lib: Library, input: InboxFolderInput): InboxFolder {
  const abs = normalizeInboxPath(input.path);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    throw new InboxError(`There is no folder at ${abs}.`);
  }
  if (!st.isDirectory()) throw new InboxError(`${abs} is not a folder.`);
  const real = fs.realpathSync(abs);
  const root = fs.realpathSync(lib.root);
  if (isInside(root, real)) throw new InboxError('An inbox folder cannot be inside the library: its files would be imported again.');
  if (isInside(real, root)) throw new InboxError('An inbox folder cannot hold the library: the library\'s own files would be imported.');
  const profileId = input.profileId ?? 1;
  if (!profileExists(lib.sqlite, profileId)) throw new InboxError(`There is no profile ${profileId}.`);
  return upsertInboxFolder(lib.sqlite, { path: abs, move: input.move ?? false, profileId, process: input.process ?? false, transcribe: input.transcribe ?? false });
}

/** Stops watching a folder by its path (it may be offline: that is when people remove one). */
export function removeInboxFolder(lib: Library, p: string): InboxFolder {
  const f = inboxFolderByPath(lib.sqlite, normalizeInboxPath(p));
  if (!f) throw new InboxError(`${normalizeInboxPath(p)} is not an inbox folder.`);
  deleteInboxFolder(lib.sqlite, f.id);
  return f;
}
