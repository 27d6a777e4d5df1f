/**
 * Durable file operations. Bytes move like money: into a part file beside the destination,
 * fsync, verify, rename, fsync the folder; the source goes only after the copy is proven.
 * Each operation is convergent: calling it again after a crash at any point finishes the job
 * and never leaves the source and the destination both gone.
 */
import { constants as fsc } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { ensureDir } from './ensure-dir';
import { faultPoint } from './faults';
import { type ContentHash, HASH_READ_CHUNK, hashFile, hashOpenFile, hashWrittenFile, newHasher } from './hash';
import { PART_SUFFIX, partPath } from './part-name';
import { errorMessage } from '@shared/errors';

export { PART_SUFFIX, partPath };

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

export { ensureDir };

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

export interface CopyOptions extends Progress {
  /** What the source must hold (a resumed move): a different hash or size is refused. */
  expected?: FileFacts;
  /**
   * Also read back and compare what was written with an independent read (the source again, or
   * the part file), at the cost of one more read of the whole file. Default: RECLIB_PARANOID_COPY=1.
   */
  paranoid?: boolean;
  /**
   * 'kernel': fs.copyFile (a reflink where the filesystem offers one, else copy_file_range), then
   * one read of the copy for its hash. 'stream': one read of the source feeding the hash and the
   * write. 'auto' (default, or RECLIB_COPY_METHOD): kernel on one device, stream across devices.
   */
  method?: 'auto' | 'kernel' | 'stream';
  /**
   * Batching for many copies (a relocate): the folder the rename touched is added here instead of
   * being fsynced at once; the caller must fsyncDirs() them before anything relies on the copies.
   */
  syncLater?: Set<string>;
}

/** Big enough that a 1 GB file is 128 system calls each way; the same buffers are reused. */
export const COPY_CHUNK = 8 * 1024 * 1024;
const PROGRESS_POLL_MS = 250;

function sameStat(a: import('node:fs').Stats, b: import('node:fs').Stats): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino && a.dev === b.dev;
}

/**
 * The kernel copies (no bytes through this process; a reflink costs nothing at all), then one
 * read of the part file gives the hash of exactly what was written, while the flush runs.
 */
async function kernelCopy(src: string, part: string, opts: CopyOptions): Promise<{ out: fs.FileHandle; facts: FileFacts }> {
  let reported = 0;
  const report = async () => {
    const now = await fs.stat(part).then((st) => st.size, () => reported);
    if (now > reported) opts.onBytes?.(now - reported);
    reported = Math.max(reported, now);
  };
  // copy_file_range cannot be interrupted or asked how far it is: the part file's size is the progress.
  const timer = opts.onBytes ? setInterval(() => void report(), PROGRESS_POLL_MS) : null;
  try {
    await fs.copyFile(src, part, fsc.COPYFILE_EXCL | fsc.COPYFILE_FICLONE);
  } finally {
    if (timer) clearInterval(timer);
  }
  await report();
  faultPoint('copy:partial');
  opts.signal?.throwIfAborted();
  const out = await fs.open(part, 'r+');
  try {
    const [, facts] = await Promise.all([out.sync(), hashWrittenFile(out, part, { signal: opts.signal })]);
    return { out, facts };
  } catch (err) {
    await out.close().catch(() => undefined);
    throw err;
  }
}

/** One read of the source feeds the hash and the write; read-ahead overlaps the next read. */
async function streamCopy(inp: fs.FileHandle, part: string, size: number, opts: CopyOptions): Promise<{ out: fs.FileHandle; facts: FileFacts }> {
  const out = await fs.open(part, 'wx+');
  let pending: Promise<{ bytesRead: number }> | undefined;
  try {
    const hasher = newHasher();
    const chunkSize = Math.min(COPY_CHUNK, Math.max(64 * 1024, size + 1));
    const bufs = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
    let done = 0;
    let turn = 0;
    pending = inp.read(bufs[0]!, 0, chunkSize, 0);
    for (;;) {
      opts.signal?.throwIfAborted();
      const { bytesRead }: { bytesRead: number } = await pending;
      pending = undefined;
      if (bytesRead === 0) break;
      const chunk = bufs[turn]!.subarray(0, bytesRead);
      turn = 1 - turn;
      pending = inp.read(bufs[turn]!, 0, chunkSize, done + bytesRead);
      hasher.update(chunk);
      let written = 0;
      while (written < bytesRead) written += (await out.write(chunk, written, bytesRead - written, done + written)).bytesWritten;
      done += bytesRead;
      opts.onBytes?.(bytesRead);
      if (done === bytesRead) faultPoint('copy:partial');
    }
    // One flush, at the end: the kernel writes back in the background while we copy.
    await out.sync();
    return { out, facts: { hash: hasher.digest(), size: done } };
  } catch (err) {
    await pending?.catch(() => undefined); // I/O still in flight must finish before its handle closes
    await out.close().catch(() => undefined);
    throw err;
  }
}

/**
 * Copies src to dest through a part file in dest's folder: copy, one fsync, verify, rename, fsync
 * the folder. The hash is computed from the bytes as they were written (the copy read once, or
 * the source read once while it was written) and the part file's size is checked against the
 * source, so nothing is read twice unless `paranoid` asks for it. A source that changed while it
 * was copied (size, mtime or identity) is refused. Refuses to overwrite an existing dest.
 */
export async function copyVerified(src: string, dest: string, opts: CopyOptions = {}): Promise<FileFacts> {
  const dir = path.dirname(dest);
  await ensureDir(dir);
  if (await exists(dest)) throw new FileOpError(`could not copy to ${dest}: the destination already exists`, 'EEXIST');
  const part = partPath(dest);
  const paranoid = opts.paranoid ?? process.env.RECLIB_PARANOID_COPY === '1';
  const envMethod = process.env.RECLIB_COPY_METHOD;
  const method = opts.method ?? (envMethod === 'kernel' || envMethod === 'stream' ? envMethod : 'auto');
  let out: fs.FileHandle | undefined;
  let inp: fs.FileHandle | undefined;
  let sourceCheck: Promise<FileFacts> | null = null;
  try {
    // A part file a crash left behind is ours to replace.
    await fs.rm(part, { force: true });
    inp = await fs.open(src, 'r');
    const before = await inp.stat();
    const kernel = method === 'kernel' || (method === 'auto' && before.dev === (await fs.stat(dir)).dev);
    // Paranoid after a kernel copy: the source's own hash, read while the kernel copies (it reads
    // the same pages; two cores, one pass of wall time instead of two).
    sourceCheck = paranoid && kernel ? hashOpenFile(inp, { signal: opts.signal, chunk: HASH_READ_CHUNK }) : null;
    sourceCheck?.catch(() => undefined);
    const copied = kernel ? await kernelCopy(src, part, opts) : await streamCopy(inp, part, before.size, opts);
    out = copied.out;
    const facts = copied.facts;
    faultPoint('copy:written');
    const [after, written] = await Promise.all([fs.stat(src), out.stat()]);
    if (!sameStat(before, after) || facts.size !== before.size) {
      throw new FileOpError(`the source ${src} changed while it was being copied`, 'ECHANGED');
    }
    if (written.size !== facts.size) {
      throw new FileOpError(`the copy of ${src} does not match the original (size ${written.size} vs ${facts.size})`, 'EVERIFY');
    }
    if (opts.expected && (opts.expected.hash !== facts.hash || opts.expected.size !== facts.size)) {
      throw new FileOpError(`the source ${src} changed while it was being copied`, 'ECHANGED');
    }
    if (paranoid) {
      // The other side, read independently: the source after a kernel copy, the copy after a stream.
      const check = await (sourceCheck ?? hashWrittenFile(out, part, { signal: opts.signal }));
      if (check.hash !== facts.hash || check.size !== facts.size) {
        throw new FileOpError(`the copy of ${src} does not match the original (size ${check.size} vs ${facts.size})`, 'EVERIFY');
      }
    }
    await out.close();
    out = undefined;
    await inp.close();
    inp = undefined;
    faultPoint('copy:verified');
    await fs.rename(part, dest);
    if (opts.syncLater) opts.syncLater.add(dir);
    else await fsyncDir(dir);
    faultPoint('copy:renamed');
    return facts;
  } catch (err) {
    await sourceCheck?.catch(() => undefined);
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
    /** Across devices: how the verified copy copies (see CopyOptions). */
    method?: CopyOptions['method'];
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
