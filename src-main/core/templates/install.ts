/**
 * Installs the default template thumbnails shipped in resources/thumbnails into the library's
 * shared/thumbnails, and the default template rows, once, when a library is created. The
 * thumbnails are never copied per profile.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Library } from '../catalog/library';
import { insertDefaultTemplate, insertSetting, nextTemplatePosition, settingExists, templateNameExists } from '@core/catalog/repositories/templates/templates';
import { DEFAULT_TEMPLATES } from './defaults';
import { parseRules } from './rules';

/** Marks the default rows as installed, so a user who deletes them does not get them back. */
const INSTALLED_KEY = 'templates.defaultsInstalled';

export function installDefaultTemplates(lib: Library, resourcesDir: string): number {
  const from = path.join(resourcesDir, 'thumbnails');
  let n = 0;
  if (fs.existsSync(from)) {
    const destDir = lib.paths.abs(lib.paths.sharedThumbnails());
    fs.mkdirSync(destDir, { recursive: true });
    for (const name of fs.readdirSync(from)) {
      if (!/^[a-z0-9][a-z0-9_-]*\.png$/.test(name)) continue;
      const dest = path.join(destDir, name);
      if (fs.existsSync(dest)) continue;
      fs.copyFileSync(path.join(from, name), dest, fs.constants.COPYFILE_EXCL);
      n++;
    }
  }
  installDefaultTemplateRows(lib);
  return n;
}

/** Creates the default template rows unless that was done before (once per library). */
export function installDefaultTemplateRows(lib: Library): number {
  const sqlite = lib.sqlite;
  if (settingExists(sqlite, INSTALLED_KEY)) return 0;
  let n = 0;
  sqlite.transaction(() => {
    const start = nextTemplatePosition(sqlite);
    for (const t of DEFAULT_TEMPLATES) {
      if (templateNameExists(sqlite, t.name)) continue;
      insertDefaultTemplate(sqlite, t.name, start + n, JSON.stringify(parseRules(t.rules).rules), t.thumbnail);
      n++;
    }
    insertSetting(sqlite, INSTALLED_KEY, JSON.stringify({ at: Date.now(), count: n }));
  })();
  return n;
}

/** resources/ beside the sources (tsx) or the build (out/main); null when neither has it. */
export function defaultResourcesDir(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const rel of ['../../../resources', '../../resources', '../resources']) {
    const dir = path.resolve(here, rel);
    if (fs.existsSync(path.join(dir, 'thumbnails'))) return dir;
  }
  return null;
}

/** For hosts without a resources path of their own (the CLI): thumbnails when found, rows always. */
export function installDefaults(lib: Library): void {
  const dir = defaultResourcesDir();
  if (dir) installDefaultTemplates(lib, dir);
  else installDefaultTemplateRows(lib);
}
