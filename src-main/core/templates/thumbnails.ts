/**
 * Thumbnails: lookup and uploads. Lookup goes recording's custom thumbnail -> the template's
 * profile upload -> the shared template thumbnail (DESIGN §2). An upload is checked by its magic
 * bytes and size, normalised to PNG (ffmpeg converts JPEG), and compared by hash with what the
 * library already holds, so a copy of a shared thumbnail is never stored: the shared one is used.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { MediaTools } from '../tools/binaries';
import type { Library } from '../catalog/library';
import { addFile, formatBytes, removeFileRow, updateFileFacts } from '../catalog/repositories/files/ledger';
import {
  fileIdAt,
  profileIds,
  profileUploadInUse,
  recordingDisplayName,
  recordingProfileId,
  recordingTemplateThumbRef,
  recordingThumbnailFile,
  setTemplateThumbnail,
  type TemplateThumbRef,
  templateNameWithThumbnail,
  templateThumbRef,
  thumbnailFilesByHash,
} from '@core/catalog/repositories/templates/thumbnails';
import { faultPoint } from '../storage/faults';
import { atomicWrite, removeFile } from '../storage/fsops';
import { hashBytes } from '../storage/hash';
import { type RelPath, toRelPath } from '../storage/paths';

const run = promisify(execFile);

/** Uploads for templates that belong to every profile are kept (and counted) in this profile. */
export const DEFAULT_PROFILE = 1;

export class ThumbnailError extends Error {
  override name = 'ThumbnailError';
}

export type ThumbnailSource = 'custom' | 'profile' | 'shared';

export type { TemplateThumbRef };

export interface ResolvedThumbnail {
  abs: string;
  rel: RelPath;
  source: ThumbnailSource;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;

function existing(lib: Library, rel: RelPath, source: ThumbnailSource): ResolvedThumbnail | null {
  const abs = lib.paths.abs(rel);
  try {
    return fs.statSync(abs).isFile() ? { abs, rel, source } : null;
  } catch {
    return null;
  }
}

/**
 * That upload in any other profile. Upload names are content-addressed (upload-<hash>), so a
 * template may point at identical bytes another profile uploaded first instead of storing them again.
 */
function uploadElsewhere(lib: Library, name: string, tried: readonly number[]): ResolvedThumbnail | null {
  for (const id of profileIds(lib.sqlite)) {
    if (tried.includes(id)) continue;
    const hit = existing(lib, lib.paths.profileThumbnail(id, name), 'profile');
    if (hit) return hit;
  }
  return null;
}

/**
 * A template's own image. A profile upload is looked for in the recording's profile first (when
 * shown for a recording), then the template's profile (the default one for templates of every
 * profile), then any other profile holding that upload; else the shared file of that name.
 */
export function templateThumbnail(lib: Library, t: TemplateThumbRef, recordingUid?: number): ResolvedThumbnail | null {
  if (!t.thumbnail || !NAME.test(t.thumbnail)) return null;
  if (t.thumbnailScope === 'profile') {
    const owner = t.profileId ?? DEFAULT_PROFILE;
    const order = recordingUid !== undefined && recordingUid !== owner ? [recordingUid, owner] : [owner];
    for (const uid of order) {
      const own = existing(lib, lib.paths.profileThumbnail(uid, t.thumbnail), 'profile');
      if (own) return own;
    }
    const elsewhere = uploadElsewhere(lib, t.thumbnail, order);
    if (elsewhere) return elsewhere;
  }
  return existing(lib, lib.paths.sharedThumbnail(t.thumbnail), 'shared');
}

export function templateThumbnailById(lib: Library, templateId: number): ResolvedThumbnail | null {
  const t = templateThumbRef(lib.sqlite, templateId);
  return t ? templateThumbnail(lib, t) : null;
}

/** The image a recording shows: custom -> its template's profile upload -> shared. */
export function recordingThumbnail(lib: Library, recordingId: number): ResolvedThumbnail | null {
  const custom = recordingThumbnailFile(lib.sqlite, recordingId);
  if (custom) {
    const hit = existing(lib, toRelPath(custom.relPath), 'custom');
    if (hit) return hit;
  }
  const t = recordingTemplateThumbRef(lib.sqlite, recordingId);
  return t ? templateThumbnail(lib, t, t.recordingProfileId) : null;
}

// ---------------------------------------------------------------------------------------------
// Uploads

export type ImageType = 'png' | 'jpg';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The image type by its first bytes (never by its name), or a description of what it is. */
export function sniffImage(data: Uint8Array): { type: ImageType } | { type: null; looksLike: string } {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG_MAGIC)) return { type: 'png' };
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { type: 'jpg' };
  const head = b.subarray(0, 12).toString('latin1');
  const looksLike = head.startsWith('GIF8')
    ? 'it is a GIF image'
    : head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP'
      ? 'it is a WebP image'
      : head.startsWith('%PDF')
        ? 'it is a PDF document'
        : head.startsWith('<svg') || head.startsWith('<?xml')
          ? 'it is an SVG/XML file'
          : b.length === 0
            ? 'the file is empty'
            : 'its first bytes match neither format';
  return { type: null, looksLike };
}

export interface UploadInput {
  data: Uint8Array;
  fileName: string;
}

/** Size and type checks, then PNG bytes (JPEG converted, PNG proven decodable) from ffmpeg. */
export async function normalizeUpload(lib: Library, ffmpeg: string, uid: number, input: UploadInput): Promise<Buffer> {
  const max = lib.settings().thumbnails.maxUploadBytes;
  const label = input.fileName ? `“${path.basename(input.fileName)}”` : 'The image';
  if (input.data.byteLength > max) {
    throw new ThumbnailError(`${label} is ${formatBytes(input.data.byteLength)}; thumbnails may be at most ${formatBytes(max)} (thumbnails.maxUploadBytes in the settings).`);
  }
  const kind = sniffImage(input.data);
  if (kind.type === null) throw new ThumbnailError(`${label} is not a PNG or JPEG image (${kind.looksLike}). Upload a .png or .jpg file.`);
  const tmpRel = lib.paths.tempDir(uid, `thumb-${randomUUID()}`);
  const dir = lib.paths.abs(tmpRel);
  await fsp.mkdir(dir, { recursive: true });
  try {
    const src = path.join(dir, `in.${kind.type}`);
    await fsp.writeFile(src, input.data);
    if (kind.type === 'png') {
      // Kept byte for byte (so a copy of a shared PNG hashes the same), once ffmpeg can decode it.
      await ffmpegRun(ffmpeg, ['-i', src, '-frames:v', '1', '-f', 'null', '-'], label);
      return Buffer.from(input.data);
    }
    const out = path.join(dir, 'out.png');
    await ffmpegRun(ffmpeg, ['-i', src, '-frames:v', '1', '-update', '1', '-pix_fmt', 'rgb24', out], label);
    return await fsp.readFile(out);
  } finally {
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

async function ffmpegRun(ffmpeg: string, args: string[], label: string): Promise<void> {
  try {
    await run(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { timeout: 60_000 });
  } catch (err) {
    const detail = (err as { stderr?: string }).stderr?.trim().split('\n').pop() ?? String(err);
    throw new ThumbnailError(`${label} could not be read as an image (${detail}).`);
  }
}

/** Every shared thumbnail's hash (a couple of dozen small files; hashed on demand). */
function sharedHashes(lib: Library): Map<string, string> {
  const dir = lib.paths.abs(lib.paths.sharedThumbnails());
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  for (const f of fs.readdirSync(dir)) {
    if (!f.endsWith('.png') || !NAME.test(f.slice(0, -4))) continue;
    out.set(hashBytes(fs.readFileSync(path.join(dir, f))), f.slice(0, -4));
  }
  return out;
}

/** Where identical bytes already are anywhere in the library. */
type Copy =
  | { scope: 'shared'; name: string }
  | { scope: 'profile'; name: string; uid: number }
  | { scope: 'recording'; recordingId: number; rel: string };

/**
 * Identical bytes anywhere in the library: the shared thumbnails, then every thumbnail file the
 * catalog registers (template uploads of every profile and recordings' own images), by hash.
 */
function findCopy(lib: Library, hash: string): Copy | null {
  const shared = sharedHashes(lib).get(hash);
  if (shared) return { scope: 'shared', name: shared };
  for (const row of thumbnailFilesByHash(lib.sqlite, hash)) {
    if (!fs.existsSync(lib.paths.abs(toRelPath(row.relPath)))) continue;
    if (row.recordingId !== null) return { scope: 'recording', recordingId: row.recordingId, rel: row.relPath };
    const m = /^users\/(\d+)\/thumbnails\/([^/]+)\.png$/.exec(row.relPath);
    if (m && NAME.test(m[2]!)) return { scope: 'profile', name: m[2]!, uid: Number(m[1]) };
  }
  return null;
}

/** The copy in words, for a refusal: which recording or template already shows these bytes. */
function describeCopy(lib: Library, copy: Copy): string {
  if (copy.scope === 'recording') {
    return `the own thumbnail of recording “${recordingDisplayName(lib.sqlite, copy.recordingId) ?? '?'}” (#${copy.recordingId})`;
  }
  const t = templateNameWithThumbnail(lib.sqlite, copy.name, copy.scope);
  const kind = copy.scope === 'shared' ? 'the shared' : 'an uploaded';
  return `${kind} template thumbnail “${copy.name}”${t !== null ? ` (template “${t}”)` : ''}`;
}

/**
 * Sets a template's thumbnail from uploaded bytes. Identical bytes already in the library are
 * reused (shared first, then an upload of any profile, which the lookup finds by its
 * content-addressed name); identical to a recording's own image is refused; otherwise the PNG goes to users/<uid>/thumbnails/upload-<hash>.png
 * (atomic write), then one transaction registers it (files + ledger) and points the template at it.
 */
export async function uploadTemplateThumbnail(
  lib: Library,
  tools: Pick<MediaTools, 'ffmpeg'>,
  templateId: number,
  input: UploadInput,
): Promise<{ reused: 'shared' | 'profile' | null }> {
  const t = templateThumbRef(lib.sqlite, templateId);
  if (!t) throw new ThumbnailError(`There is no template #${templateId}`);
  const uid = t.profileId ?? DEFAULT_PROFILE;
  const png = await normalizeUpload(lib, tools.ffmpeg, uid, input);
  const hash = hashBytes(png);
  const copy = findCopy(lib, hash);
  if (copy?.scope === 'recording') {
    // A template cannot point at a recording's own file, and a second copy is never stored.
    throw new ThumbnailError(`This image is already ${describeCopy(lib, copy)}. Remove it there first (recording details), then upload it here.`);
  }
  let removed: string[] = [];
  if (copy) {
    lib.sqlite.transaction(() => {
      setTemplateThumbnail(lib.sqlite, templateId, copy.name, copy.scope);
      removed = dropUnreferencedUploads(lib, t);
    })();
  } else {
    const name = `upload-${hash.replace(/^xxh3:/, '').slice(0, 16)}`;
    const rel = lib.paths.profileThumbnail(uid, name);
    const abs = lib.paths.abs(rel);
    await atomicWrite(abs, png);
    faultPoint('thumbnail:written');
    const st = fs.statSync(abs);
    lib.sqlite.transaction(() => {
      addFile(lib.sqlite, { recordingId: null, profileId: uid, kind: 'thumbnail', relPath: rel, size: png.length, mtimeMs: st.mtimeMs, inode: st.ino, hash });
      setTemplateThumbnail(lib.sqlite, templateId, name, 'profile');
      removed = dropUnreferencedUploads(lib, t);
    })();
  }
  for (const abs of removed) await removeFile(abs);
  lib.events.emit('library:changed', { reason: 'template-thumbnail' });
  return { reused: copy?.scope ?? null };
}

/**
 * After a template stops using a profile upload, the upload's row goes (inside the caller's
 * transaction) when no other template of any profile uses that name (another profile's template
 * may point at it instead of storing identical bytes); the caller removes the files afterwards,
 * so a crash leaves at worst an orphan file for cleanup, never a row pointing at nothing.
 */
export function dropUnreferencedUploads(lib: Library, previous: TemplateThumbRef): string[] {
  if (previous.thumbnailScope !== 'profile' || !previous.thumbnail || !NAME.test(previous.thumbnail)) return [];
  if (profileUploadInUse(lib.sqlite, previous.thumbnail)) return [];
  const out: string[] = [];
  const owner = previous.profileId ?? DEFAULT_PROFILE;
  for (const id of profileIds(lib.sqlite)) {
    const rel = lib.paths.profileThumbnail(id, previous.thumbnail);
    const fileId = fileIdAt(lib.sqlite, rel);
    if (fileId !== null) removeFileRow(lib.sqlite, fileId);
    // The owner's file goes even unregistered (as before); other profiles' only when registered.
    if (fileId !== null || id === owner) out.push(lib.paths.abs(rel));
  }
  return out;
}

/**
 * A recording's own thumbnail (users/<uid>/recordings/<id>/thumbnail.png). An image the library
 * already holds anywhere (a shared or uploaded template thumbnail, another recording's own image)
 * is refused with what it equals: the lookup custom -> template upload -> shared stays one file
 * per recording, and identical bytes are never stored twice. Re-uploading the recording's own
 * current image changes nothing.
 */
export async function setRecordingThumbnail(lib: Library, tools: Pick<MediaTools, 'ffmpeg'>, recordingId: number, input: UploadInput): Promise<void> {
  const uid = recordingProfileId(lib.sqlite, recordingId);
  if (uid === null) throw new ThumbnailError(`There is no recording #${recordingId}`);
  const png = await normalizeUpload(lib, tools.ffmpeg, uid, input);
  const hash = hashBytes(png);
  const rel = lib.paths.recordingFile(uid, recordingId, 'thumbnail');
  const copy = findCopy(lib, hash);
  if (copy?.scope === 'recording' && copy.recordingId === recordingId && copy.rel === rel) return;
  if (copy) {
    const fix =
      copy.scope === 'recording'
        ? 'upload it to a template and assign both recordings to that template (after removing it from that recording), instead of storing a copy.'
        : 'assign the recording to a template using it instead of storing a copy.';
    throw new ThumbnailError(`This image is already in the library as ${describeCopy(lib, copy)}; ${fix}`);
  }
  const abs = lib.paths.abs(rel);
  await atomicWrite(abs, png);
  faultPoint('thumbnail:written');
  const st = fs.statSync(abs);
  const facts = { size: png.length, mtimeMs: st.mtimeMs, inode: st.ino, hash };
  lib.sqlite.transaction(() => {
    const fileId = fileIdAt(lib.sqlite, rel);
    if (fileId !== null) updateFileFacts(lib.sqlite, fileId, facts);
    else addFile(lib.sqlite, { recordingId, profileId: uid, kind: 'thumbnail', relPath: rel, ...facts });
  })();
  lib.events.emit('library:changed', { reason: 'recording-thumbnail', recordingIds: [recordingId] });
}

/** Removes a recording's own thumbnail: the row (and ledger) first, then the file; it falls back to its template's. */
export async function clearRecordingThumbnail(lib: Library, recordingId: number): Promise<boolean> {
  const row = recordingThumbnailFile(lib.sqlite, recordingId);
  if (!row) return false;
  lib.sqlite.transaction(() => removeFileRow(lib.sqlite, row.id))();
  await removeFile(lib.paths.assertNoEscape(row.relPath));
  lib.events.emit('library:changed', { reason: 'recording-thumbnail', recordingIds: [recordingId] });
  return true;
}
