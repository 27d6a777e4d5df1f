/**
 * Attaching a transcript or subtitles file from anywhere to a recording.
 *
 * A transcript (a .srt or .vtt from Zoom, Otter, YouTube, an editor; or a JSON in the master
 * shape) becomes the recording's transcription/master.json (DESIGN §6a) with subtitles.srt/.vtt
 * made from it, and its text is searchable at once: see attach-transcript.ts. A .srt/.vtt is
 * also kept as it came, under its own name. A file that cannot be read as a transcript is refused
 * with the reason and nothing changes.
 *
 * Any other JSON is kept as it is under its own name: a verified copy into transcription/ (part
 * file, fsync, verify the hash, rename, fsync the folder), then the row and the ledger in one
 * transaction. Killed after the rename and before the row, the file sits unregistered in
 * transcription/, where the next scan attaches it: nothing half-done stays. An existing file of
 * other content is never replaced.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { AttachResult } from '@shared/domain';
import { writeAudit } from '../catalog/repositories/audit';
import { readSegments } from '../tools/subtitles';
import { addFile } from '../catalog/repositories/files/ledger';
import { fileAtPath } from '@core/catalog/repositories/files/processing';
import { isPathRegistered } from '@core/catalog/repositories/files/scan';
import { processingRecording } from '@core/catalog/repositories/recordings/processing';
import { copyVerified, removeFile } from '../storage/fsops';
import { hashFile } from '../storage/hash';
import { toRelPath } from '../storage/paths';
import { assertAvailable } from '../catalog/availability';
import type { Library } from '../catalog/library';
import { expectWrite } from '../storage/expected-writes';
import { indexTranscriptFile } from '../transcripts/search';
import type { Timeline } from '../transcripts/timeline';
import { attachTranscript, readAttachedTranscript } from './attach-transcript';
import { AttachError } from './attach-error';

export { AttachError };

export const ATTACH_EXTENSIONS = ['json', 'srt', 'vtt'] as const;
/** Transcripts are text: anything this big is not one (and is not read into memory to find out). */
const MAX_BYTES = 100 * 1024 * 1024;
const MAX_NAME_BYTES = 200;

/** Whether parsed JSON has the master transcript's shape (DESIGN §6a): an object with usable segments. */
export function looksLikeMaster(json: unknown): boolean {
  if (!json || typeof json !== 'object' || Array.isArray(json) || !Array.isArray((json as { segments?: unknown }).segments)) return false;
  try {
    readSegments(json);
    return true;
  } catch {
    return false;
  }
}

/** A person's file name kept as it is (NFC), when it is one plain, visible file name. */
export function keptName(base: string): string {
  const name = base.normalize('NFC');
  // eslint-disable-next-line no-control-regex
  if (!name || name.startsWith('.') || /[/\\\u0000-\u001f\u007f]/.test(name) || Buffer.byteLength(name) > MAX_NAME_BYTES) {
    throw new AttachError(`"${base}" cannot be kept as a file name in the library (hidden, too long or with special characters): rename it and try again`);
  }
  return name;
}

/**
 * The file's text, when it is UTF-8. Russian subtitles are often still Windows-1251: read as UTF-8
 * they would become master.json full of replacement characters, so they are refused instead.
 */
function utf8(bytes: Buffer, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AttachError(`${name} is not UTF-8 text (subtitles in Russian are often saved as Windows-1251): save it as UTF-8 in a text editor and attach it again. Nothing was attached.`);
  }
}

/**
 * `timeline` says what a transcript's times refer to (see attach-transcript.ts): the source
 * recording (the default: exports of the original) or the processed video. Other files ignore it.
 */
export async function attachFile(lib: Library, recordingId: number, source: string, opts: { timeline?: Timeline } = {}): Promise<AttachResult> {
  assertAvailable(lib);
  const rec = processingRecording(lib.sqlite, recordingId);
  if (!rec) throw new AttachError(`There is no recording #${recordingId}`);
  if (rec.status === 'trashed') throw new AttachError(`Recording #${recordingId} is in the trash: restore it first`);
  if (rec.status === 'importing' || rec.status === 'processing') throw new AttachError(`Recording #${recordingId} is ${rec.status}: try again when it is done`);
  const src = path.resolve(source);
  const ext = path.extname(src).slice(1).toLowerCase();
  if (!(ATTACH_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new AttachError(`${path.basename(src)}: only transcripts (.json) and subtitles (.srt, .vtt) can be attached`);
  }
  // A link is followed for reading only: its target is copied, the link and the target stay.
  const st = await fs.stat(src).catch((err: NodeJS.ErrnoException) => {
    throw new AttachError(`${src} cannot be read: ${err.code === 'ENOENT' ? 'it does not exist' : err.message}`);
  });
  if (!st.isFile()) throw new AttachError(`${src} is not a regular file`);
  if (st.size === 0) throw new AttachError(`${src} is empty (0 bytes)`);
  if (st.size > MAX_BYTES) throw new AttachError(`${src} is too large for a transcript (${st.size} bytes)`);
  const name = keptName(path.basename(src));
  const text = utf8(await fs.readFile(src), path.basename(src));
  if (ext === 'json') {
    let json: unknown;
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      throw new AttachError(`${path.basename(src)} is not valid JSON: nothing was attached`);
    }
    if (looksLikeMaster(json)) return attachTranscript(lib, rec, src, readAttachedTranscript(src, 'master', text), undefined, opts.timeline);
  } else {
    return attachTranscript(lib, rec, src, readAttachedTranscript(src, 'subtitles', text), name, opts.timeline);
  }
  const destRel = toRelPath(`${lib.paths.transcriptionDir(rec.profileId, recordingId)}/${name}`);
  const destAbs = lib.paths.abs(destRel);
  lib.paths.assertNoEscape(path.posix.dirname(destRel));
  const existing = await fs.lstat(destAbs).catch(() => null);
  if (existing) {
    const [a, b] = await Promise.all([hashFile(src), existing.isFile() ? hashFile(destAbs) : null]);
    const row = fileAtPath(lib.sqlite, destRel);
    if (b && a.hash === b.hash && row?.recordingId === recordingId) return { id: recordingId, path: destRel, kind: row.kind as AttachResult['kind'], size: b.size, already: true };
    throw new AttachError(`Recording #${recordingId} already has ${destRel.split('/').slice(-2).join('/')} with other content: rename your file to attach both. Nothing was changed.`);
  }
  expectWrite(destAbs);
  const facts = await copyVerified(src, destAbs);
  const placed = await fs.lstat(destAbs);
  let committed = false;
  lib.sqlite.transaction(() => {
    const now = processingRecording(lib.sqlite, recordingId);
    if (!now || now.profileId !== rec.profileId || ['trashed', 'importing', 'processing'].includes(now.status)) return;
    if (isPathRegistered(lib.sqlite, destRel)) return;
    const fileId = addFile(lib.sqlite, { recordingId, profileId: rec.profileId, kind: 'transcript', relPath: destRel, size: facts.size, mtimeMs: placed.mtimeMs, inode: placed.ino, hash: facts.hash });
    // Searchable in the same transaction as the row: search and disk never disagree.
    indexTranscriptFile(lib.sqlite, { fileId, recordingId, relPath: destRel, hash: facts.hash, origin: 'attached' }, { abs: destAbs });
    writeAudit(lib.sqlite, { action: 'attach', reason: `attached by the user from ${src}`, relPath: destRel, recordingId, bytes: facts.size });
    committed = true;
  })();
  if (!committed) {
    await removeFile(destAbs);
    throw new AttachError(`Recording #${recordingId} changed while the file was copied (trashed, or being processed): nothing was attached`);
  }
  lib.events.emit('library:changed', { reason: 'attached', recordingIds: [recordingId] });
  return { id: recordingId, path: destRel, kind: 'transcript', size: facts.size, already: false };
}
