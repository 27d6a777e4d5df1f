/**
 * Content hashes for files: xxh3-64, streaming with a reused buffer. xxh3 runs at memory speed,
 * so hashing a recording costs about as much as reading it once.
 */
import { type FileHandle, open } from 'node:fs/promises';
import { xxh3 } from '@node-rs/xxhash';

export const HASH_CHUNK = 4 * 1024 * 1024;

export type ContentHash = string;

export function newHasher(): { update(chunk: Uint8Array): void; digest(): ContentHash } {
  const h = xxh3.Xxh3.withSeed();
  return {
    update: (chunk) => void h.update(chunk),
    digest: () => formatHash(h.digest()),
  };
}

export function formatHash(value: bigint): ContentHash {
  return `xxh3:${value.toString(16).padStart(16, '0')}`;
}

export function hashBytes(data: Uint8Array | string): ContentHash {
  return formatHash(xxh3.xxh64(data));
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

/** Hashes an open file from its start (positional reads: the handle's own position is not used). */
export async function hashOpenFile(fh: FileHandle, opts: HashOptions & { chunk?: number } = {}): Promise<{ hash: ContentHash; size: number }> {
  const hasher = newHasher();
  // Sized to the file: hashing many small files must not allocate 4 MiB each.
  const buf = Buffer.allocUnsafe(Math.min(opts.chunk ?? HASH_CHUNK, Math.max(64 * 1024, (await fh.stat()).size + 1)));
  let size = 0;
  for (;;) {
    opts.signal?.throwIfAborted();
    const { bytesRead } = await fh.read(buf, 0, buf.length, size);
    if (bytesRead === 0) break;
    hasher.update(buf.subarray(0, bytesRead));
    size += bytesRead;
    opts.onBytes?.(bytesRead);
  }
  return { hash: hasher.digest(), size };
}
