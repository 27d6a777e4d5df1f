/**
 * Whether a library can be written, asked before anything is: a read-only mount, a folder the user
 * may not write in, or an immutable catalog makes the library read-only. Reading still works;
 * every write is refused with one sentence instead of a raw EROFS/EACCES halfway through.
 */
import fs from 'node:fs';

export class LibraryReadOnlyError extends Error {
  override name = 'LibraryReadOnlyError';
  constructor(
    readonly root: string,
    readonly reason: string,
  ) {
    super(`The library at ${root} is read-only (${reason}). Nothing was changed.`);
  }
}

const READ_ONLY_CODES = new Set(['EROFS', 'EACCES', 'EPERM']);

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** The reason in words for an error code that means "you may not write here"; null for any other error. */
export function readOnlyReason(err: unknown, what: 'folder' | 'catalog'): string | null {
  const code = codeOf(err);
  if (code === undefined || !READ_ONLY_CODES.has(code)) return null;
  if (code === 'EROFS') return 'the disk is mounted read-only';
  if (code === 'EPERM') return what === 'folder' ? 'its folder is marked unchangeable (immutable)' : 'catalog.db is marked unchangeable (immutable)';
  return what === 'folder' ? 'you do not have permission to write in its folder' : 'you do not have permission to write catalog.db';
}

/**
 * Why the library at root cannot be written, or null when it can. access(2) answers for this
 * process as the kernel will (a read-only mount says so even to root; an immutable file refuses root too).
 */
export function whyReadOnly(root: string, catalog: string | null): string | null {
  const checks: [string | null, 'folder' | 'catalog'][] = [
    [root, 'folder'],
    [catalog, 'catalog'],
  ];
  for (const [p, what] of checks) {
    if (p === null) continue;
    try {
      fs.accessSync(p, fs.constants.W_OK);
    } catch (err) {
      if (codeOf(err) === 'ENOENT') continue;
      const reason = readOnlyReason(err, what);
      if (reason) return reason;
      throw err;
    }
  }
  return null;
}

/** Throws LibraryReadOnlyError when the library cannot be written. */
export function requireWritable(root: string, catalog: string | null): void {
  const reason = whyReadOnly(root, catalog);
  if (reason) throw new LibraryReadOnlyError(root, reason);
}
