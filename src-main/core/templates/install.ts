/**
 * Installs the default template thumbnails shipped in resources/thumbnails into the library's
 * shared/thumbnails, once, when a library is created. They are never copied per profile.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Library } from '../library/library';

export function installDefaultTemplates(lib: Library, resourcesDir: string): number {
  const from = path.join(resourcesDir, 'thumbnails');
  if (!fs.existsSync(from)) return 0;
  const destDir = lib.paths.abs(lib.paths.sharedThumbnails());
  fs.mkdirSync(destDir, { recursive: true });
  let n = 0;
  for (const name of fs.readdirSync(from)) {
    if (!/^[a-z0-9][a-z0-9_-]*\.png$/.test(name)) continue;
    const dest = path.join(destDir, name);
    if (fs.existsSync(dest)) continue;
    fs.copyFileSync(path.join(from, name), dest, fs.constants.COPYFILE_EXCL);
    n++;
  }
  return n;
}
