/** The renderer's typed client, built from the contract over whichever bridge the host provides. */
import type { PreloadBridge } from '@shared/bridge';
import type { ApiErrorBody } from '@shared/channel';
import { CHANNEL_NAMES } from '@shared/channel-names';
import type { ChannelName, MediaKind, ReclibApi, RequestOf, ResponseOf } from '@shared/contract';
import { createWebBridge } from './web-bridge';

declare global {
  interface Window {
    reclib?: PreloadBridge;
  }
}

/** A core error: its English sentence, a stable code to translate, its params and its technical detail. */
export class ApiError extends Error {
  readonly params: Record<string, string | number> | null;
  readonly detail: string | null;
  constructor(
    message: string,
    readonly code: string,
    extra: Pick<ApiErrorBody, 'params' | 'detail'> = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.params = extra.params ?? null;
    this.detail = extra.detail ?? null;
  }
}

export const bridge: PreloadBridge = window.reclib ?? createWebBridge('');

function call<C extends ChannelName>(name: C) {
  return async (request: RequestOf<C>): Promise<ResponseOf<C>> => {
    const fn = bridge.invoke[name] as (r: RequestOf<C>) => Promise<{ ok: true; value: ResponseOf<C> } | { ok: false; error: ApiErrorBody }>;
    const res = await fn(request);
    if (!res.ok) throw new ApiError(res.error.message, res.error.code, res.error);
    return res.value;
  };
}

export const api = Object.fromEntries(CHANNEL_NAMES.map((n) => [n, call(n)])) as ReclibApi;

export function mediaUrl(recordingId: number, kind: MediaKind, version?: string | number): string {
  return `${bridge.mediaBase}/recording/${recordingId}/${kind}${version !== undefined ? `?v=${version}` : ''}`;
}

export { thumbnailVersion } from './thumbnail-version';

/** A template's own thumbnail (profile upload, else shared); version busts the browser cache after an upload. */
export function templateThumbnailUrl(templateId: number, version?: string | number | null): string {
  return `${bridge.mediaBase}/template/${templateId}/thumbnail${version !== undefined && version !== null ? `?v=${encodeURIComponent(String(version))}` : ''}`;
}

export const onEvent = bridge.on.bind(bridge);
