/**
 * A path a person typed or pasted into the app (import, an inbox folder, an export or migration
 * folder, a new library place). The app's process is not a shell: without this, `~/Видео` and a
 * relative path were taken against the server's working folder, and a pasted `"…"` or `file://`
 * address was a name that does not exist. The CLI's arguments are paths the shell already expanded.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export class TypedPathError extends Error {
  override name = 'TypedPathError';
}

const QUOTES: [string, string][] = [['"', '"'], ["'", "'"], ['«', '»'], ['“', '”']];

export function typedPath(input: string): string {
  let p = input.trim();
  for (const [open, close] of QUOTES) {
    if (p.length >= 2 && p.startsWith(open) && p.endsWith(close)) {
      p = p.slice(open.length, -close.length).trim();
      break;
    }
  }
  if (/^file:\/\//i.test(p)) {
    try {
      p = fileURLToPath(p);
    } catch {
      throw new TypedPathError(`"${input}" is not a file address this computer can open.`);
    }
  }
  if (p === '~' || p.startsWith('~/') || p.startsWith(`~${path.sep}`)) p = path.join(os.homedir(), p.slice(1));
  if (!path.isAbsolute(p)) {
    const like = path.sep === '/' ? 'like /media/disk/Recordings, or ~/… for your home folder' : 'like D:\\Recordings';
    throw new TypedPathError(`Give the whole path (from the top, ${like}), not "${input}".`);
  }
  return path.normalize(p);
}
