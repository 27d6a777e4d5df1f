/**
 * Durable file operations. Bytes move like money: into a part file beside the destination,
 * fsync, verify, rename, fsync the folder; the source goes only after the copy is proven.
 * Each operation is convergent: calling it again after a crash at any point finishes the job
 * and never leaves the source and the destination both gone.
 */
import { constants as fsc } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { faultPoint } from './faults';
import { type ContentHash, HASH_CHUNK, hashFile, newHasher } from './hash';
import { errorMessage } from '@shared/errors';

export const PART_SUFFIX = '.reclib-part';
const FLUSH_EVERY = 64 * 1024 * 1024;

export class FileOpError extends Error {
  override name = 'FileOpError';
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface Progress {
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
}

export interface FileFacts {
  hash: ContentHash;
  size: number;
}

function errCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/** Turns low-level errors into a sentence a user can act on. */
export function explain(err: unknown, what: string): FileOpError {
  if (err instanceof FileOpError) return err;
  const code = errCode(err) ?? 'EUNKNOWN';
  const base = errorMessage(err);
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exhausted',
    EACCES: 'permission denied',
    EPERM: 'the operation is not permitted',
    ENOENT: 'the file or folder does not exist',
    EROFS: 'the disk is read-only',
    EIO: 'the disk reported an I/O error',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'it is a folder, not a file',
    EEXIST: 'the destination already exists',
    ABORT_ERR: 'cancelled',
  };
  const reason = why[code] ?? base;
  return new FileOpError(`${what}: ${reason}`, code, { cause: err });
}

export async function exists(p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch (err) {
    if (errCode(err) === 'ENOENT') return false;
    throw err;
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, fsc.O_RDONLY | fsc.O_DIRECTORY);
    await fh.sync();
  } catch (err) {
    // Some filesystems (and Windows) cannot fsync a directory; the rename is still atomic there.
    if (!['EINVAL', 'EPERM', 'EISDIR', 'ENOTSUP', 'EBADF'].includes(errCode(err) ?? '')) throw err;
  } finally {
    await fh?.close();
  }
}

export async function ensureDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
}

export function partPath(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}${PART_SUFFIX}`);
}

/** Writes a whole file atomically: part file, fsync, rename over, fsync folder. */
export async function atomicWrite(dest: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(dest);
  await ensureDir(dir);
  const part = partPath(dest);
  try {
    const fh = await fs.open(part, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(part, dest);
    await fsyncDir(dir);
  } catch (err) {
    await fs.rm(part, { force: true });
    throw explain(err, `could not write ${dest}`);
  }
}

/**
 * Copies src to dest through a part file in dest's folder, hashing the source while reading it,
 * then re-reads the part file to prove it holds the same bytes before renaming it into place.
 * Refuses to overwrite an existing dest.
 */
export async function copyVerified(src: string, dest: string, opts: Progress & { expected?: FileFacts } = {}): Promise<FileFacts> {
  const dir = path.dirname(dest);
  await ensureDir(dir);
  if (await exists(dest)) throw new FileOpError(`could not copy to ${dest}: the destination already exists`, 'EEXIST');
  const part = partPath(dest);
  let out: fs.FileHandle | undefined;
  let inp: fs.FileHandle | undefined;
  let pending: Promise<{ bytesRead: number }> | undefined;
  // Large copies flush as they go, so the disk writes while we copy instead of all at the end.
  let flushing: Promise<void> | null = null;
  try {
    inp = await fs.open(src, 'r');
    out = await fs.open(part, 'w');
    const hasher = newHasher();
    // Two buffers: the next chunk is read while the current one is hashed and written.
    const chunkSize = Math.min(HASH_CHUNK, Math.max(64 * 1024, (await inp.stat()).size + 1));
    const bufs = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
    let size = 0;
    let turn = 0;
    let flushedAt = 0;
    pending = inp.read(bufs[0]!, 0, chunkSize, null);
    for (;;) {
      opts.signal?.throwIfAborted();
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      const chunk = bufs[turn]!.subarray(0, bytesRead);
      turn = 1 - turn;
      pending = inp.read(bufs[turn]!, 0, chunkSize, null);
      hasher.update(chunk);
      let written = 0;
      while (written < bytesRead) {
        const r = await out.write(chunk, written, bytesRead - written);
        written += r.bytesWritten;
      }
      size += bytesRead;
      opts.onBytes?.(bytesRead);
      if (size === bytesRead) faultPoint('copy:partial');
      if (size - flushedAt >= FLUSH_EVERY && flushing === null) {
        flushedAt = size;
        flushing = out.datasync().finally(() => {
          flushing = null;
        });
      }
    }
    await flushing;
    const srcFacts: FileFacts = { hash: hasher.digest(), size };
    if (opts.expected && (opts.expected.hash !== srcFacts.hash || opts.expected.size !== srcFacts.size)) {
      throw new FileOpError(`the source ${src} changed while it was being copied`, 'ECHANGED');
    }
    // The verifying re-read runs while the data is being flushed to disk.
    const [, copied] = await Promise.all([out.sync(), hashFile(part, { signal: opts.signal })]);
    await out.close();
    out = undefined;
    await inp.close();
    inp = undefined;
    faultPoint('copy:written');
    if (copied.hash !== srcFacts.hash || copied.size !== srcFacts.size) {
      throw new FileOpError(`the copy of ${src} does not match the original (size ${copied.size} vs ${size})`, 'EVERIFY');
    }
    faultPoint('copy:verified');
    await fs.rename(part, dest);
    await fsyncDir(dir);
    faultPoint('copy:renamed');
    return srcFacts;
  } catch (err) {
    await pending?.catch(() => undefined); // I/O still in flight must finish before its handle closes
    await (flushing as Promise<void> | null)?.catch(() => undefined);
    await out?.close().catch(() => undefined);
    await inp?.close().catch(() => undefined);
    await fs.rm(part, { force: true }).catch(() => undefined);
    if (opts.signal?.aborted) throw new FileOpError('cancelled', 'ABORT_ERR', { cause: err });
    throw explain(err, `could not copy ${src} to ${dest}`);
  }
}

export interface MoveResult extends FileFacts {
  method: 'rename' | 'copy' | 'resumed';
}

/**
 * Moves src to dest durably. Same filesystem: one rename. Across devices (EXDEV): verified copy,
 * then the source is removed. Convergent: after a crash, calling it again with the same arguments
 * completes the move (dest already there and identical -> drop the source).
 */
export async function durableMove(
  src: string,
  dest: string,
  opts: Progress & {
    expected?: FileFacts;
    /**
     * Batching for many small moves: the folders a rename touched are added here instead of being
     * fsynced one move at a time; the caller must fsyncDirs() them before it records the moves as done.
     */
    syncLater?: Set<string>;
  } = {},
): Promise<MoveResult> {
  const srcThere = await exists(src);
  const destThere = await exists(dest);
  await fs.rm(partPath(dest), { force: true });
  if (!srcThere && destThere) {
    const facts = await hashFile(dest, opts);
    if (opts.expected && opts.expected.hash !== facts.hash) {
      throw new FileOpError(`${dest} exists but does not hold the expected content`, 'ECONFLICT');
    }
    return { ...facts, method: 'resumed' };
  }
  if (!srcThere) throw new FileOpError(`could not move ${src}: the file does not exist`, 'ENOENT');
  if (destThere) {
    // A crash between the copy's rename and the source's removal leaves both; keep dest only if identical.
    const [a, b] = await Promise.all([hashFile(src, opts), hashFile(dest, opts)]);
    if (a.hash !== b.hash || a.size !== b.size) {
      throw new FileOpError(`could not move ${src}: ${dest} already exists with other content`, 'EEXIST');
    }
    await removeFile(src);
    return { ...a, method: 'resumed' };
  }
  await ensureDir(path.dirname(dest));
  const facts = opts.expected ?? undefined;
  try {
    await fs.rename(src, dest);
    if (opts.syncLater) {
      // The destination folder may be new: its own entry lives in its parent.
      for (const d of [path.dirname(dest), path.dirname(path.dirname(dest)), path.dirname(src)]) opts.syncLater.add(d);
    } else {
      await fsyncDir(path.dirname(dest));
      await fsyncDir(path.dirname(path.dirname(dest))); // the destination folder itself may be new
      await fsyncDir(path.dirname(src));
    }
    faultPoint('move:renamed');
    const known = facts ?? (await hashFile(dest, opts));
    return { ...known, method: 'rename' };
  } catch (err) {
    if (errCode(err) !== 'EXDEV') throw explain(err, `could not move ${src} to ${dest}`);
  }
  const copied = await copyVerified(src, dest, opts);
  await removeFile(src);
  faultPoint('move:source-removed');
  return { ...copied, method: 'copy' };
}

/** Fsyncs a set of folders (see durableMove's syncLater), a few at a time. */
export async function fsyncDirs(dirs: Iterable<string>): Promise<void> {
  const list = [...dirs];
  for (let i = 0; i < list.length; i += 8) await Promise.all(list.slice(i, i + 8).map((d) => fsyncDir(d)));
}

/** Removes a file (never following a link) and makes the removal durable. */
export async function removeFile(p: string): Promise<void> {
  try {
    await fs.unlink(p);
  } catch (err) {
    if (errCode(err) === 'ENOENT') return;
    throw explain(err, `could not remove ${p}`);
  }
  await fsyncDir(path.dirname(p));
}

/** Removes empty folders from `start` up to (not including) `stop`. */
export async function pruneEmptyDirs(start: string, stop: string): Promise<void> {
  let dir = start;
  while (dir.startsWith(stop) && dir !== stop) {
    try {
      await fs.rmdir(dir);
    } catch {
      return;
    }
    dir = path.dirname(dir);
  }
}

/** Removes a folder tree that holds only empty folders; a folder with any file in it stays. */
export async function removeEmptyTree(dir: string): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) if (e.isDirectory()) await removeEmptyTree(path.join(dir, e.name));
  await fs.rmdir(dir).catch(() => undefined);
}
