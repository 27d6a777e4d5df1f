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

/**
 * An error as it crosses IPC/HTTP: the core's English sentence (message), a stable code the UI
 * translates (a reason code of reasons.ts, or the error's class such as "NotFoundError"), the
 * numbers and names in it (params), and the technical part to show folded (detail).
 */
export interface ApiErrorBody {
  message: string;
  code: string;
  params?: Record<string, string | number>;
  detail?: string;
}

/** Every reply crosses IPC/HTTP in this envelope so errors arrive as plain, readable messages. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };
