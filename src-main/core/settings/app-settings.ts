/** App-level settings (known libraries, last opened, log level) in the app's userData folder. */
import fs from 'node:fs';
import path from 'node:path';
import { type AppSettings, appSettingsSchema, patchUi, type UiSettingsPatch } from '@shared/settings';
import { atomicWrite } from '../storage/fsops';

export class AppSettingsStore {
  constructor(private readonly dir: string) {}

  get file(): string {
    return path.join(this.dir, 'settings.json');
  }

  read(): AppSettings {
    try {
      const parsed = appSettingsSchema().safeParse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // missing or unreadable: defaults below
    }
    return appSettingsSchema().parse({});
  }

  /** Writes a change; `ui` is a patch merged into the current UI settings (two windows changing different parts both keep theirs). */
  update(patch: Partial<Omit<AppSettings, 'ui'>> & { ui?: UiSettingsPatch }): Promise<AppSettings> {
    const { ui, ...rest } = patch;
    return this.modify((current) => ({ ...current, ...rest, ui: ui ? patchUi(current.ui, ui) : current.ui }));
  }

  rememberLibrary(root: string): Promise<AppSettings> {
    return this.modify((current) => ({ ...current, libraries: [root, ...current.libraries.filter((l) => l !== root)].slice(0, 20), lastOpened: root }));
  }

  /** A library that moved (relocate): its old path becomes the new one wherever it is remembered. */
  moveLibrary(from: string, to: string): Promise<AppSettings> {
    return this.modify((current) => ({
      ...current,
      libraries: [...new Set(current.libraries.map((l) => (l === from ? to : l)))],
      lastOpened: current.lastOpened === from ? to : current.lastOpened,
    }));
  }

  private chain: Promise<unknown> = Promise.resolve();

  /** One read-modify-write at a time: two racing would lose one of the two changes. */
  private modify(change: (current: AppSettings) => AppSettings): Promise<AppSettings> {
    const run = this.chain.then(async () => {
      const next = appSettingsSchema().parse(change(this.read()));
      await atomicWrite(this.file, JSON.stringify(next, null, 2));
      return next;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }
}

/**
 * Where the app keeps its settings, for the CLI (which has no Electron to ask): RECLIB_USER_DATA
 * when set (as the app honours it), else Electron's userData for "Reclib" and the browser mode's.
 */
export function appSettingsDirs(env: NodeJS.ProcessEnv, home: string): string[] {
  if (env.RECLIB_USER_DATA) return [path.resolve(env.RECLIB_USER_DATA)];
  if (process.platform === 'darwin') return [path.join(home, 'Library', 'Application Support', 'Reclib')];
  if (process.platform === 'win32') return [path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Reclib')];
  const config = env.XDG_CONFIG_HOME ?? path.join(home, '.config');
  return [path.join(config, 'Reclib'), path.join(config, 'Reclib (web)')];
}

/**
 * The CLI's library when none is named: the one the app opened last (as the app itself starts
 * on it: host/start-target.ts), else the default. So the CLI follows a library the app moved.
 */
export function cliDefaultLibrary(env: NodeJS.ProcessEnv, home: string): string {
  for (const dir of appSettingsDirs(env, home)) {
    const store = new AppSettingsStore(dir);
    if (!fs.existsSync(store.file)) continue;
    const last = store.read().lastOpened;
    if (last) return last;
  }
  return defaultLibraryRoot(path.join(home, 'Videos'));
}

/** The library used when none was chosen: "Reclib Library" in the user's Videos folder. */
export function defaultLibraryRoot(videosDir: string): string {
  return path.join(videosDir, 'Reclib Library');
}
