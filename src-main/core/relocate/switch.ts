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
  for (const dir of appSettingsDirs(env, os.homedir())) {
    const store = new AppSettingsStore(dir);
    if (!fs.existsSync(store.file)) continue;
    const before = store.read();
    if (before.lastOpened !== from && !before.libraries.includes(from)) continue;
    await store.moveLibrary(from, to);
    updated.push(path.resolve(store.file));
  }
  const dirs = appSettingsDirs(env, os.homedir());
  const none = dirs.every((d) => !fs.existsSync(new AppSettingsStore(d).file));
  if (none && dirs[0] && path.resolve(from) === defaultLibraryRoot(path.join(os.homedir(), 'Videos'))) {
    const store = new AppSettingsStore(dirs[0]);
    await store.rememberLibrary(to);
    updated.push(path.resolve(store.file));
  }
  return updated;
}
