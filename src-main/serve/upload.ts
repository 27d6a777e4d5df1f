/**
 * Files dropped on the browser window arrive here, streamed, one per request. Each lands in its own
 * new folder under the staging area with its own name (Cyrillic, emoji, quotes intact), is flushed
 * to disk, and checked against the length the browser announced; then the page imports it with
 * move, so the staged copy becomes the library's. A cut-off upload leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { errorMessage } from '@shared/errors';

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** A single file name as the browser gave it, or an error for anything that could name a path. */
export function uploadName(raw: string | null): string {
  const name = (raw ?? '').normalize('NFC');
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) throw new UploadError(`"${raw ?? ''}" is not a file name; send the file's own name (no folders).`, 400);
  if (Buffer.byteLength(name) > 255) throw new UploadError('The file name is longer than the disk allows (255 bytes); rename the file and drop it again.', 400);
  return name;
}

export async function receiveUpload(req: http.IncomingMessage, stagingDir: string, rawName: string | null): Promise<{ path: string; size: number }> {
  const name = uploadName(rawName);
  const expected = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  const dir = path.join(stagingDir, randomUUID());
  await fs.promises.mkdir(dir, { recursive: true });
  const dest = path.join(dir, name);
  try {
    // flush: the bytes are on disk before we say they arrived.
    await pipeline(req, fs.createWriteStream(dest, { flags: 'wx', flush: true }));
    const size = (await fs.promises.stat(dest)).size;
    if (expected !== null && size !== expected) throw new UploadError(`The upload of "${name}" was cut off (${size} of ${expected} bytes arrived); drop the file again.`, 400);
    return { path: dest, size };
  } catch (err) {
    await fs.promises.rm(dir, { recursive: true, force: true });
    if (err instanceof UploadError) throw err;
    throw new UploadError(`The upload of "${name}" failed: ${errorMessage(err)}. Drop the file again.`, 400);
  }
}
