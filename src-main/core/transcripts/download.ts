/**
 * One verified download: bytes go into a part file beside the destination, a cut connection is
 * resumed with an HTTP Range request from where the part file ends, and the file is renamed into
 * place only after fsync and a matching size and SHA-256. A part file survives a cut, a cancel or
 * a crash (so the next attempt resumes), is re-hashed before it is extended (so a part file
 * damaged on disk is caught by the final check, never trusted), and is removed when the finished
 * bytes do not match: a wrong file is never kept and never half-written at the destination.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fsyncDir } from '../storage/fsops';

export interface DownloadProgress {
  receivedBytes: number;
  totalBytes: number;
  /** True on the first report after picking up an existing part file. */
  resumedFrom: number;
}

export interface DownloadSpec {
  url: string;
  dest: string;
  bytes: number;
  sha256: string;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** Connection attempts after a cut before giving up (each resumes where the last stopped). */
  retries?: number;
  fetchImpl?: typeof fetch;
}

export type DownloadErrorCode = 'NETWORK' | 'HTTP' | 'CHECKSUM' | 'SIZE' | 'CANCELLED' | 'DISK';

export class DownloadError extends Error {
  override name = 'DownloadError';
  constructor(
    message: string,
    readonly code: DownloadErrorCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function downloadPartPath(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.download`);
}

async function hashExisting(file: string, hash: Hash, signal?: AbortSignal): Promise<number> {
  let size = 0;
  try {
    for await (const chunk of createReadStream(file, { signal }) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  return size;
}

function cancelled(): DownloadError {
  return new DownloadError('The download was cancelled; what was received is kept and the next download continues from there.', 'CANCELLED');
}

/** Start byte the server agreed to send (206 + Content-Range), or 0 when it sends the whole file. */
function resumeStart(res: Response, asked: number): number {
  if (res.status !== 206) return 0;
  const m = /^bytes (\d+)-/.exec(res.headers.get('content-range') ?? '');
  return m && Number(m[1]) === asked ? asked : -1;
}

/** Streams one response into the part file. Returns false when the connection was cut. */
async function receive(spec: DownloadSpec, part: string, hash: { h: Hash }, have: number): Promise<{ have: number; cut: boolean }> {
  const fetchImpl = spec.fetchImpl ?? fetch;
  let res: Response;
  try {
    res = await fetchImpl(spec.url, { headers: have > 0 ? { range: `bytes=${have}-` } : {}, signal: spec.signal, redirect: 'follow' });
  } catch {
    if (spec.signal?.aborted) throw cancelled();
    return { have, cut: true };
  }
  if (res.status === 416 && have >= spec.bytes) return { have, cut: false };
  if (res.status !== 200 && res.status !== 206) {
    await res.body?.cancel().catch(() => undefined);
    throw new DownloadError(`The server answered ${res.status} ${res.statusText} for ${spec.url}.`, 'HTTP');
  }
  let start = resumeStart(res, have);
  if (start < 0) {
    await res.body?.cancel().catch(() => undefined);
    throw new DownloadError(`The server sent a part of ${spec.url} that was not asked for; try again later.`, 'HTTP');
  }
  if (start === 0 && have > 0) {
    // The server ignored the Range header: start over rather than append a second copy.
    hash.h = createHash('sha256');
    have = 0;
    start = 0;
  }
  const fh = await fs.open(part, start === 0 ? 'w' : 'a');
  let cut = false;
  try {
    if (!res.body) throw new DownloadError(`The server sent no data for ${spec.url}.`, 'HTTP');
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        if (have + chunk.length > spec.bytes) throw new DownloadError(`The server sent more than the expected ${spec.bytes} bytes for ${spec.url}: not the file we asked for.`, 'SIZE');
        await fh.write(chunk);
        hash.h.update(chunk);
        have += chunk.length;
        spec.onProgress?.({ receivedBytes: have, totalBytes: spec.bytes, resumedFrom: start });
      }
    } catch (err) {
      if (err instanceof DownloadError) throw err;
      if (spec.signal?.aborted) throw cancelled();
      cut = true;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { have, cut: cut || have < spec.bytes };
}

/**
 * Downloads `spec.url` to `spec.dest`. Resolves once dest holds exactly the expected bytes; on
 * any failure dest is untouched. The destination must not exist yet (callers check first).
 */
export async function downloadVerified(spec: DownloadSpec): Promise<void> {
  const part = downloadPartPath(spec.dest);
  const dir = path.dirname(spec.dest);
  await fs.mkdir(dir, { recursive: true });
  if (spec.signal?.aborted) throw cancelled();
  const hash = { h: createHash('sha256') };
  let have = await hashExisting(part, hash.h, spec.signal).catch((err: unknown) => {
    if (spec.signal?.aborted) throw cancelled();
    throw new DownloadError(`Could not read the unfinished download ${part}: ${(err as Error).message}`, 'DISK', { cause: err });
  });
  if (have > spec.bytes) {
    await fs.rm(part, { force: true });
    hash.h = createHash('sha256');
    have = 0;
  }
  const retries = spec.retries ?? 5;
  let attempts = 0;
  while (have < spec.bytes) {
    if (spec.signal?.aborted) throw cancelled();
    const r = await receive(spec, part, hash, have);
    const progressed = r.have > have;
    have = r.have;
    if (!r.cut) break;
    attempts = progressed ? 0 : attempts + 1;
    if (attempts > retries) {
      throw new DownloadError(`The connection to ${new URL(spec.url).host} kept breaking (${have} of ${spec.bytes} bytes received). What was received is kept; try again to continue.`, 'NETWORK');
    }
    // A server that refuses at once is asked again after a pause that grows; progress resets it.
    if (attempts > 0) await sleep(Math.min(5000, 200 * 2 ** attempts), undefined, { signal: spec.signal }).catch(() => undefined);
  }
  const digest = hash.h.digest('hex');
  if (have !== spec.bytes || digest !== spec.sha256.toLowerCase()) {
    await fs.rm(part, { force: true });
    throw new DownloadError(
      have !== spec.bytes
        ? `The download of ${path.basename(spec.dest)} has ${have} bytes instead of ${spec.bytes}; it was removed.`
        : `The downloaded ${path.basename(spec.dest)} does not match its published SHA-256 checksum (got ${digest}); it was removed and nothing was installed.`,
      have !== spec.bytes ? 'SIZE' : 'CHECKSUM',
    );
  }
  await fs.rename(part, spec.dest);
  await fsyncDir(dir);
}
