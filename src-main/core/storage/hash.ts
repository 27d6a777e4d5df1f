/**
 * Content hashes for files: xxh3-64 (seed 0), streaming with a reused buffer. xxh3 runs at memory
 * speed, so hashing a recording costs about as much as reading it once.
 *
 * xxhash-addon is xxHash's own C code with its x86 dispatch (SSE2, AVX2 or AVX-512, chosen when it
 * loads): 1 GiB hashes in ~16 ms of CPU on this machine where a SSE2-only build (@node-rs/xxhash,
 * now only the tests' independent reference) took ~40 ms (issue 13).
 */
import { readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type XxhashAddon from 'xxhash-addon';
import { onLocalFilesystem } from './local-fs';

// require, not import: see catalog/better-sqlite3-require.ts (an import made Node lex this package
// and V8 optimize that lexer in every CLI command).
const { XXHash3 } = createRequire(import.meta.url)('xxhash-addon') as typeof XxhashAddon;

/** Seed 0 as the addon takes it (8 bytes). Its constructor must always get one: without it, it aborts the process. */
const SEED = Buffer.alloc(8);

export const HASH_CHUNK = 4 * 1024 * 1024;

export type ContentHash = string;

export function newHasher(): { update(chunk: Uint8Array): void; digest(): ContentHash } {
  const h = new XXHash3(SEED);
  return {
    update: (chunk) => h.update(asBuffer(chunk)),
    digest: () => formatDigest(h.digest()),
  };
}

/** The digest is the canonical (big-endian) 8 bytes: their hex is the hash's. */
function formatDigest(digest: Buffer): ContentHash {
  return `xxh3:${digest.toString('hex')}`;
}

/** A view, not a copy: the addon reads a Buffer's bytes where they are. */
function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

export function hashBytes(data: Uint8Array | string): ContentHash {
  return formatDigest(XXHash3.hash(typeof data === 'string' ? Buffer.from(data, 'utf8') : asBuffer(data)));
}

export interface HashOptions {
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
}

export async function hashFile(absPath: string, opts: HashOptions = {}): Promise<{ hash: ContentHash; size: number }> {
  const fh = await open(absPath, 'r');
  try {
    return await hashOpenFile(fh, opts);
  } finally {
    await fh.close();
  }
}

/**
 * Hashes an open file from its start (positional reads: the handle's own position is not used).
 * Two buffers: the next read is in flight while the last one is hashed, so the copy out of the
 * page cache (a thread-pool thread) and the hashing (this thread) overlap on two cores.
 */
export async function hashOpenFile(fh: FileHandle, opts: HashOptions & { chunk?: number } = {}): Promise<{ hash: ContentHash; size: number }> {
  const hasher = newHasher();
  // Sized to the file: hashing many small files must not allocate 4 MiB each.
  const len = Math.min(opts.chunk ?? HASH_CHUNK, Math.max(64 * 1024, (await fh.stat()).size + 1));
  const bufs = [Buffer.allocUnsafe(len), Buffer.allocUnsafe(len)];
  let size = 0;
  let turn = 0;
  let pending: Promise<{ bytesRead: number }> | undefined = fh.read(bufs[0]!, 0, len, 0);
  try {
    for (;;) {
      opts.signal?.throwIfAborted();
      const { bytesRead }: { bytesRead: number } = await pending;
      pending = undefined;
      if (bytesRead === 0) break;
      const chunk = bufs[turn]!.subarray(0, bytesRead);
      turn = 1 - turn;
      // A short read is not the end (only 0 is): ask for the next piece at once.
      pending = fh.read(bufs[turn]!, 0, len, size + bytesRead);
      hasher.update(chunk);
      size += bytesRead;
      opts.onBytes?.(bytesRead);
    }
  } finally {
    // A read still in flight must finish before the caller may close the handle.
    await pending?.catch(() => undefined);
  }
  return { hash: hasher.digest(), size };
}

/**
 * Reading a source beside a kernel copy (a paranoid check): buffers that stay in the CPU's cache,
 * so bytes are hashed while still there (with 8 MiB ones a migration spent more time in these
 * reads than in the kernel copy itself; perf, issue 13).
 */
export const HASH_READ_CHUNK = 1024 * 1024;

/**
 * Reading back a file that was just written: see hashWrittenFile. 1 GiB read back while it was
 * flushed cost ~175 ms of CPU in 128 KiB reads, ~155 ms in 256 KiB and ~145 ms from 512 KiB to
 * 2 MiB (6 runs each, this 2-core EPYC).
 */
const WRITTEN_READ = HASH_READ_CHUNK;
const WRITTEN_SLICE = 4 * 1024 * 1024;

/**
 * Hashes `file`, open as `fh`, whose bytes were just written (a kernel copy's part file, an FFmpeg
 * output): on a local disk its pages are in the page cache, so a read only copies memory and never
 * waits for the disk. Read on this thread, a piece is hashed while it is still in this core's
 * cache; reads handed to the thread pool land on another core and cost twice the CPU (perf,
 * issue 13: 1 GiB read back in ~145 ms of CPU this way against ~260 ms with 1 MiB async reads).
 * The event loop gets a turn after every few MiB, where cancellation is seen and progress is
 * reported. On a network or FUSE filesystem the reads go to the thread pool as for any source.
 */
export async function hashWrittenFile(fh: FileHandle, file: string, opts: HashOptions = {}): Promise<{ hash: ContentHash; size: number }> {
  if (!(await onLocalFilesystem(file))) return hashOpenFile(fh, { ...opts, chunk: HASH_READ_CHUNK });
  const hasher = newHasher();
  const buf = Buffer.allocUnsafe(Math.min(WRITTEN_READ, Math.max(64 * 1024, (await fh.stat()).size + 1)));
  let size = 0;
  for (;;) {
    opts.signal?.throwIfAborted();
    let slice = 0;
    let n = 0;
    while (slice < WRITTEN_SLICE && (n = readSync(fh.fd, buf, 0, buf.length, size)) > 0) {
      hasher.update(n === buf.length ? buf : buf.subarray(0, n));
      size += n;
      slice += n;
    }
    if (slice > 0) opts.onBytes?.(slice);
    if (n === 0) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { hash: hasher.digest(), size };
}

/**
 * A file another program wrote (an FFmpeg output in temp): flushed to disk and hashed at once, the
 * flush running while the hash reads the same pages. Its facts may then go into the catalog once
 * it is renamed into place; without the flush a power cut after the commit could leave the catalog
 * naming a file whose bytes never reached the disk.
 */
export async function syncedFacts(file: string, opts: { signal?: AbortSignal } = {}): Promise<{ hash: ContentHash; size: number }> {
  const fh = await open(file, 'r');
  try {
    // allSettled: the flush must be over before the handle closes, even when the hash failed.
    const [synced, hashed] = await Promise.allSettled([fh.sync(), hashWrittenFile(fh, file, { signal: opts.signal })]);
    if (hashed.status === 'rejected') throw hashed.reason;
    if (synced.status === 'rejected') throw synced.reason;
    return hashed.value;
  } finally {
    await fh.close();
  }
}
