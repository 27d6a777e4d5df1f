/**
 * The switch, for the CLI: every app settings file that remembers the old place is pointed at the
 * new one (the running app does the same through its own store). A settings folder that does not
 * exist is left alone: the CLI never creates the app's settings.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppSettingsStore, appSettingsDirs } from '../settings/app-settings';

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
  return updated;
}
