import type { relocateChannels } from '@shared/channels/relocate';
import { readLibraryId } from '@core/catalog/availability';
import { listInboxFolders } from '@core/catalog/repositories/inbox';
import { checkDestination } from '@core/relocate/checks';
import { startMove } from '@core/services/relocate-session';
import { typedPath } from '@core/storage/typed-path';
import type { HandlerGroup } from './types';

export const relocateHandlers: HandlerGroup<keyof typeof relocateChannels> = {
  'relocate:start': async (req, { app, appSettings, log }) => {
    const { keepOld } = req;
    const to = typedPath(req.to);
    // The checks that need no copying answer the request itself (the dialog shows them at once).
    await checkDestination(app.lib.root, to, readLibraryId(app.lib), listInboxFolders(app.lib.sqlite).map((f) => f.path));
    const remember = async (from: string, moved: string) => {
      await appSettings.moveLibrary(from, moved);
      await appSettings.rememberLibrary(moved);
    };
    return { jobId: startMove(app, { to, keepOld }, remember, log).id };
  },
};
