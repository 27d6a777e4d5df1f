/**
 * The name a file is written under before its rename: hidden, beside the destination, with a
 * suffix scans and the watcher pass over. Its own module: name-making code needs only this, not
 * the file operations and their hashing.
 */
import path from 'node:path';

export const PART_SUFFIX = '.reclib-part';

export function partPath(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}${PART_SUFFIX}`);
}
