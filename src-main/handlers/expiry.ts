import type { expiryChannels } from '@shared/channels/expiry';
import { setExpiry } from '@core/expiry/expiry';
import type { HandlerGroup } from './types';

export const expiryHandlers: HandlerGroup<keyof typeof expiryChannels> = {
  'recordings:setExpiry': ({ ids, expiry }, { app }) => setExpiry(app.lib, ids, expiry),
};
