/**
 * The one kind of file inside the library an import may read: a file a cleanup set aside
 * (registered in trash/, owned by no recording). Imported, it becomes a recording again; anything
 * else inside the library is the library's own and is refused.
 */
import path from 'node:path';
import { unownedQuarantinedFileAt } from '@core/catalog/repositories/cleanup';
import type { Library } from '@core/catalog/library';

export function isSetAsideFile(lib: Library, abs: string): boolean {
  const rel = path.relative(lib.root, abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const posix = rel.split(path.sep).join('/');
  return posix.startsWith('trash/') && unownedQuarantinedFileAt(lib.sqlite, posix) !== null;
}
