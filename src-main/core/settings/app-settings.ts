/** App-level settings (known libraries, last opened, log level) in the app's userData folder. */
import fs from 'node:fs';
import path from 'node:path';
import { type AppSettings, appSettingsSchema } from '@shared/settings';
import { atomicWrite } from '../storage/fsops';

export class AppSettingsStore {
  constructor(private readonly dir: string) {}

  get file(): string {
    return path.join(this.dir, 'settings.json');
  }

  read(): AppSettings {
    try {
      const parsed = appSettingsSchema.safeParse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
      if (parsed.success) return parsed.data;
    } catch {
      // missing or unreadable: defaults below
    }
    return appSettingsSchema.parse({});
  }

  async update(patch: Partial<AppSettings>): Promise<AppSettings> {
    const next = appSettingsSchema.parse({ ...this.read(), ...patch });
    await atomicWrite(this.file, JSON.stringify(next, null, 2));
    return next;
  }

  async rememberLibrary(root: string): Promise<AppSettings> {
    const current = this.read();
    const libraries = [root, ...current.libraries.filter((l) => l !== root)].slice(0, 20);
    return this.update({ libraries, lastOpened: root });
  }
}

/** The library used when none was chosen: "Reclib Library" in the user's Videos folder. */
export function defaultLibraryRoot(videosDir: string): string {
  return path.join(videosDir, 'Reclib Library');
}
