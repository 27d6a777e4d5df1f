import path from 'node:path';
import type { LibraryInfo, LibraryStatus } from '@shared/domain';
import type { libraryChannels } from '@shared/channels/library';
import { profileNames } from '@core/catalog/repositories/profiles/profiles';
import { countListedRecordings } from '@core/catalog/repositories/recordings/detail';
import type { AppCore } from '@core/services/app';
import { LibraryNotFoundError } from '@core/catalog/presence';
import { listProfiles, saveProfile } from '@core/services/profiles';
import type { HandlerGroup } from './types';

export function libraryInfo(app: AppCore): LibraryInfo {
  const lib = app.lib;
  return {
    root: lib.root,
    catalog: lib.paths.catalog(),
    schemaVersion: lib.catalog.schemaVersion,
    state: lib.isOnline() ? 'online' : 'offline',
    // What the Recordings list shows unfiltered: the trash is counted in the Trash view only.
    recordingCount: countListedRecordings(lib.sqlite),
    profiles: profileNames(lib.sqlite),
  };
}

export function libraryStatus(app: AppCore): LibraryStatus {
  const s = app.status;
  return s.state === 'open' ? { state: 'open', info: libraryInfo(app) } : s;
}

function absolute(root: string): string {
  if (!path.isAbsolute(root)) throw new Error(`Give the whole path of the library folder (from the top, like /media/disk/Recordings), not "${root}"`);
  return path.resolve(root);
}

export const libraryHandlers: HandlerGroup<keyof typeof libraryChannels> = {
  'library:info': (_req, { app }) => libraryInfo(app),
  'library:open': async ({ root }, { app, appSettings }) => {
    try {
      await app.open(absolute(root));
    } catch (err) {
      if (!(err instanceof LibraryNotFoundError)) throw err;
      // The CLI's wording names `reclib init`; in the app the way is the Create button.
      throw new Error(`No Reclib library at ${err.root}: ${err.reason}. Is the disk mounted? To start a new library there, choose "Create a new library".`, { cause: err });
    }
    await appSettings.rememberLibrary(app.lib.root);
    return libraryInfo(app);
  },
  'library:status': (_req, { app }) => libraryStatus(app),
  'library:retry': async (_req, { app, appSettings }) => {
    const lib = await app.retry();
    if (lib) await appSettings.rememberLibrary(lib.root);
    return libraryStatus(app);
  },
  'library:create': async ({ root }, { app, appSettings }) => {
    const lib = await app.create(absolute(root));
    await appSettings.rememberLibrary(lib.root);
    return libraryStatus(app);
  },
  'app:settings': (_req, { appSettings }) => appSettings.read(),
  'app:updateSettings': async (patch, { appSettings, log }) => {
    const next = await appSettings.update({ ...(patch.logLevel ? { logLevel: patch.logLevel } : {}), ...(patch.ui ? { ui: patch.ui } : {}) });
    log.setLevel(next.logLevel);
    return next;
  },
  'dialog:pick': async ({ kind, title }, { platform }) => ({ paths: await platform.pick(kind, title) }),
  'settings:get': (_req, { app }) => app.lib.settings(),
  'profiles:list': (_req, { app }) => listProfiles(app.lib),
  'profiles:save': (req, { app }) => saveProfile(app.lib, req),
  'settings:update': ({ patch }, { app }) => {
    const next = app.lib.updateSettings(patch);
    app.queue.setConcurrency(next.processing.concurrency);
    return next;
  },
};
