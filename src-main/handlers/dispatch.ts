/**
 * Validates a request against the contract and runs its handler, answering in an envelope.
 * Used by ipc.ts (Electron) and by the web harness alike, so both hosts behave the same.
 */
import { z } from 'zod';
import type { Envelope } from '@shared/channel';
import { type ChannelName, channels } from '@shared/contract';
import { handlers } from './index';
import type { Handler, HandlerContext } from './types';
import { errorMessage } from '@shared/errors';

export function isChannel(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

export async function dispatch(name: string, payload: unknown, ctx: HandlerContext): Promise<Envelope<unknown>> {
  const { log } = ctx;
  if (!isChannel(name)) return { ok: false, error: { message: `unknown channel ${name}`, code: 'EBADCHANNEL' } };
  const parsed = channels[name].request.safeParse(payload ?? {});
  if (!parsed.success) {
    return { ok: false, error: { message: `invalid request for ${name}: ${z.prettifyError(parsed.error)}`, code: 'EINVAL' } };
  }
  try {
    const handler = handlers[name] as Handler<ChannelName>;
    const value = await handler(parsed.data as never, ctx);
    return { ok: true, value };
  } catch (err) {
    const message = errorMessage(err);
    const code = err instanceof Error ? err.name : 'Error';
    log.warn('request failed', { channel: name, error: message });
    return { ok: false, error: { message, code } };
  }
}
