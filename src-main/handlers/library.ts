import fs from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import type { LibraryInfo } from '../../src-shared/domain';
import type { libraryChannels } from '../../src-shared/channels/library';
import { profiles, recordings } from '../core/db/schema';
import type { AppCore } from '../core/app-core';
import { listProfiles, saveProfile } from '../core/library/profiles';
import type { HandlerGroup } from './types';

export function libraryInfo(app: AppCore): LibraryInfo {
  const lib = app.lib;
  return {
    root: lib.root,
    catalog: lib.paths.catalog(),
    schemaVersion: lib.catalog.schemaVersion,
    state: lib.isOnline() ? 'online' : 'offline',
    recordingCount: lib.db.select({ n: count() }).from(recordings).get()?.n ?? 0,
    profiles: lib.db.select({ id: profiles.id, name: profiles.name }).from(profiles).all(),
  };
}

export const libraryHandlers: HandlerGroup<keyof typeof libraryChannels> = {
  'library:info': (_req, { app }) => libraryInfo(app),
  'library:open': async ({ root }, { app, appSettings }) => {
    if (!fs.existsSync(root) && !fs.existsSync(path.dirname(root))) throw new Error(`The folder ${root} cannot be reached`);
    await app.open(root);
    await appSettings.rememberLibrary(app.lib.root);
    return libraryInfo(app);
  },
  'app:settings': (_req, { appSettings }) => appSettings.read(),
  'app:updateSettings': async (patch, { appSettings, log }) => {
    const next = await appSettings.update(patch);
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
