/**
 * Reading containers in-process, shared by the facts reader (container-reader.ts) and the
 * completeness check (container-extent.ts): positional reads and the ISO base media box walk.
 */
import { constants as fsc, type Stats } from 'node:fs';
import fs from 'node:fs/promises';

/** A fifo or device must never be opened for a blocking read: O_NONBLOCK, then fstat before reading. */
export const OPEN_FLAGS = fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0);

/**
 * `read` on `file` opened for reading, always closed after. `fallback` when it cannot be opened
 * or `read` throws: every in-process reader leaves what it cannot follow to ffprobe.
 */
export async function withOpenFile<T>(file: string, fallback: T, read: (fh: fs.FileHandle, st: Stats) => Promise<T>): Promise<T> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, OPEN_FLAGS);
  } catch {
    return fallback;
  }
  try {
    return await read(fh, await fh.stat());
  } catch {
    return fallback;
  } finally {
    await fh.close();
  }
}

/** Up to `len` bytes at `pos` (fewer at the end of the file). */
export async function readAt(fh: fs.FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, pos + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}

export interface Box {
  type: string;
  body: Buffer;
}

/**
 * The boxes inside `buf`, in order. A box that runs past its parent ends the walk: `strict` throws
 * (the reader then asks ffprobe), otherwise the boxes before it are all there is.
 */
export function* childBoxes(buf: Buffer, strict = false): Generator<Box> {
  let pos = 0;
  while (pos + 8 <= buf.length) {
    let len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    let header = 8;
    if (len === 1) {
      if (pos + 16 > buf.length) return;
      len = Number(buf.readBigUInt64BE(pos + 8));
      header = 16;
    } else if (len === 0) len = buf.length - pos;
    if (len < header || pos + len > buf.length) {
      if (strict) throw new Error(`box ${type} overruns its parent`);
      return;
    }
    yield { type, body: buf.subarray(pos + header, pos + len) };
    pos += len;
  }
}

/**
 * The body of the top-level moov box of a whole file; null when there is none before a moof, the
 * file ends inside a box, or moov is larger than `maxBytes`.
 */
export async function readMoov(fh: fs.FileHandle, size: number, maxBytes = 64 * 1024 * 1024): Promise<Buffer | null> {
  let pos = 0;
  for (let n = 0; pos + 8 <= size && n < 10_000; n++) {
    const h = await readAt(fh, pos, 16);
    if (h.length < 8) return null;
    let len = h.readUInt32BE(0);
    const type = h.toString('latin1', 4, 8);
    let header = 8;
    if (len === 1) {
      if (h.length < 16) return null;
      len = Number(h.readBigUInt64BE(8));
      header = 16;
    } else if (len === 0) len = size - pos;
    if (len < header || pos + len > size || type === 'moof') return null;
    if (type === 'moov') return len > maxBytes ? null : readAt(fh, pos + header, len - header);
    pos += len;
  }
  return null;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * `n` big-endian 32-bit entries of a box's table from `offset`, in one copy and one native byte
 * swap: a sample size table holds one entry per packet, read once per file before the JIT has
 * compiled any loop over it.
 */
export function u32Table(buf: Buffer, offset: number, n: number): Uint32Array {
  const out = new Uint32Array(n);
  const bytes = Buffer.from(out.buffer, 0, n * 4);
  buf.copy(bytes, 0, offset, offset + n * 4);
  if (LITTLE_ENDIAN) bytes.swap32();
  return out;
}
