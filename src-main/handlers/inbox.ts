import type { inboxChannels } from '@shared/channels/inbox';
import { typedPath } from '@core/storage/typed-path';
import type { HandlerGroup } from './types';

export const inboxHandlers: HandlerGroup<keyof typeof inboxChannels> = {
  'inbox:list': (_req, { app }) => ({ folders: app.inbox.status(), stableMs: app.lib.settings().inbox.stableMs }),
  'inbox:add': (req, { app }) => app.inbox.add({ ...req, path: typedPath(req.path) }),
  'inbox:remove': async ({ id }, { app }) => ({ removed: await app.inbox.removeById(id) }),
  'inbox:setStableMs': ({ stableMs }, { app }) => ({ stableMs: app.lib.updateSettings({ inbox: { stableMs } }).inbox.stableMs }),
};
