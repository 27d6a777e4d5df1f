import type { ChannelName, ParsedRequestOf, ResponseOf } from '@shared/contract';
import type { AppCore, Platform } from '@core/services/app';
import type { Logger } from '../core/log/logger';
import type { AppSettingsStore } from '../core/settings/app-settings';

export interface HandlerContext {
  app: AppCore;
  platform: Platform;
  /** App-level settings (known libraries, last opened, log level) in the host's userData. */
  appSettings: AppSettingsStore;
  log: Logger;
}

export type Handler<C extends ChannelName> = (req: ParsedRequestOf<C>, ctx: HandlerContext) => Promise<ResponseOf<C>> | ResponseOf<C>;

export type HandlerGroup<C extends ChannelName> = { [K in C]: Handler<K> };
