/**
 * Validates a request against the contract and runs its handler, answering in an envelope.
 * Used by ipc.ts (Electron) and by the web harness alike, so both hosts behave the same.
 */
import { z } from 'zod';
import type { ApiErrorBody, Envelope } from '@shared/channel';
import { codeReason } from '@shared/reasons';
import { type ChannelName, channels } from '@shared/contract';
import { handlers } from './index';
import type { Handler, HandlerContext } from './types';
import { errorMessage } from '@shared/errors';

export function isChannel(name: string): name is ChannelName {
  return Object.hasOwn(channels, name);
}

/** A thrown error as the envelope carries it: the sentence, plus a reason code, params and detail when the sentence is a known one. */
export function apiError(err: unknown, message = errorMessage(err)): ApiErrorBody {
  const coded = codeReason(message);
  const name = err instanceof Error ? err.name : 'Error';
  if (!coded) return { message, code: name };
  return { message, code: coded.code, params: coded.params, ...(coded.detail ? { detail: coded.detail } : {}) };
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
    log.warn('request failed', { channel: name, error: message });
    return { ok: false, error: apiError(err, message) };
  }
}
