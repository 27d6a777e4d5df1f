import type { z } from 'zod';

/** A request schema paired with its response type; the response exists only at type level. */
export interface ChannelDef<Req extends z.ZodType, Res> {
  request: Req;
  /** Phantom: never read at run time. */
  readonly response?: Res;
}

export function channel<Req extends z.ZodType>(request: Req) {
  return { returns: <Res>(): ChannelDef<Req, Res> => ({ request }) };
}

/** Every reply crosses IPC/HTTP in this envelope so errors arrive as plain, readable messages. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: { message: string; code: string } };
