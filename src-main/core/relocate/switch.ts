/**
 * The switch, for the CLI: every app settings file that remembers the old place is pointed at the
 * new one (the running app does the same through its own store). With no settings at all (the CLI
 * used alone) and the default library moved, the new place is written down as the last opened one:
 * otherwise both the app and the CLI would look for the library where it no longer is.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppSettingsStore, appSettingsDirs, defaultLibraryRoot } from '../settings/app-settings';

export async function rememberMove(from: string, to: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const updated: string[] = [];
  const stores = appSettingsDirs(env, os.homedir()).map((dir) => new AppSettingsStore(dir));
  const existing = stores.filter((store) => fs.existsSync(store.file));
  for (const store of existing) {
    const before = store.read();
    if (before.lastOpened !== from && !before.libraries.includes(from)) continue;
    await store.moveLibrary(from, to);
    updated.push(path.resolve(store.file));
  }
  const first = stores[0];
  if (!existing.length && first && path.resolve(from) === defaultLibraryRoot(path.join(os.homedir(), 'Videos'))) {
    await first.rememberLibrary(to);
    updated.push(path.resolve(first.file));
  }
  return updated;
}
