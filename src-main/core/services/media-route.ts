/**
 * Serves a recording's media to the renderer with HTTP range support. Shared by Electron's
 * reclib-media:// protocol and the harness's /media route. Callers pass ids; paths come from the
 * catalog and are checked against the library root before any byte is read.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { MediaKind, MediaRouteKind } from '@shared/contract';
import { recordingThumbnail, templateThumbnailById } from '../templates/thumbnails';
import type { Library } from '../catalog/library';
import { recordingMediaFile } from '@core/catalog/repositories/recordings/media';

const TYPES: Record<string, string> = {
  mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', mkv: 'video/x-matroska', webm: 'video/webm',
  m4a: 'audio/mp4', mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/ogg', flac: 'audio/flac', mka: 'audio/x-matroska',
  jpg: 'image/jpeg', png: 'image/png',
  // A <track> loads only what is served as text/vtt.
  vtt: 'text/vtt; charset=utf-8',
};

export interface MediaResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable | string | null;
}

const MEDIA_PATH = /^\/?recording\/(\d+)\/(source|video|audio|poster|thumbnail|subtitles)$/;
const TEMPLATE_PATH = /^\/?template\/(\d+)\/thumbnail$/;

/** recording/<id>/<kind>, or template/<id>/thumbnail (id is then the template's). */
export function parseMediaPath(p: string): { id: number; kind: MediaRouteKind } | null {
  const m = MEDIA_PATH.exec(p);
  if (m) return { id: Number(m[1]), kind: m[2] as MediaKind };
  const t = TEMPLATE_PATH.exec(p);
  return t ? { id: Number(t[1]), kind: 'template-thumbnail' } : null;
}

export function resolveFile(lib: Library, id: number, kind: MediaRouteKind): string | null {
  // Thumbnails resolve through the lookup order: custom -> profile upload -> shared template image.
  if (kind === 'thumbnail') {
    const hit = recordingThumbnail(lib, id);
    return hit ? lib.paths.assertNoEscape(hit.rel) : null;
  }
  if (kind === 'template-thumbnail') {
    const hit = templateThumbnailById(lib, id);
    return hit ? lib.paths.assertNoEscape(hit.rel) : null;
  }
  const hit = recordingMediaFile(lib.sqlite, id, kind);
  return hit ? lib.paths.assertNoEscape(hit) : null;
}

export function serveMedia(lib: Library, id: number, kind: MediaRouteKind, range: string | null): MediaResponse {
  const file = resolveFile(lib, id, kind);
  if (!file) return { status: 404, headers: { 'content-type': 'text/plain' }, body: kind === 'template-thumbnail' ? `template #${id} has no thumbnail` : `recording #${id} has no ${kind}` };
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: `the ${kind} of recording #${id} is missing on disk` };
  }
  const type = TYPES[file.split('.').pop() ?? ''] ?? 'application/octet-stream';
  const base = { 'content-type': type, 'accept-ranges': 'bytes', 'cache-control': 'no-cache' };
  const m = range ? /^bytes=(\d*)-(\d*)$/.exec(range.trim()) : null;
  if (m) {
    let start = m[1] ? Number(m[1]) : NaN;
    let end = m[2] ? Number(m[2]) : size - 1;
    if (Number.isNaN(start)) {
      start = Math.max(0, size - end); // suffix range: the last N bytes
      end = size - 1;
    }
    end = Math.min(end, size - 1);
    if (start > end || start >= size) return { status: 416, headers: { ...base, 'content-range': `bytes */${size}` }, body: null };
    return {
      status: 206,
      headers: { ...base, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) },
      body: fs.createReadStream(file, { start, end }),
    };
  }
  return { status: 200, headers: { ...base, 'content-length': String(size) }, body: fs.createReadStream(file) };
}
