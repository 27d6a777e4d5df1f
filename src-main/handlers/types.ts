import type { ChannelName, ParsedRequestOf, ResponseOf } from '../../src-shared/contract';
import type { AppCore, Platform } from '../core/app-core';

export interface HandlerContext {
  app: AppCore;
  platform: Platform;
}

export type Handler<C extends ChannelName> = (req: ParsedRequestOf<C>, ctx: HandlerContext) => Promise<ResponseOf<C>> | ResponseOf<C>;

export type HandlerGroup<C extends ChannelName> = { [K in C]: Handler<K> };
