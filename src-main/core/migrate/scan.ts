/**
 * Walks a legacy media/ folder: every entry with its size and content hash. Hashing streams each
 * file (core/storage/hash.ts) with a few reads in flight, so a large tree neither blocks the event
 * loop nor waits on one file at a time.
 */
import type { Dirent } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { hashFile } from '../storage/hash';
import { errorMessage } from '@shared/errors';

export interface ScannedFile {
  /** Relative to the media folder, forward slashes, NFC as on disk (kept byte-exact for moves). */
  rel: string;
  size: number;
  mtimeMs: number;
  /** Content hash; null for entries that are not regular files (links, sockets). */
  hash: string | null;
  kind: 'file' | 'link' | 'other';
}

export interface ScanResult {
  root: string;
  files: ScannedFile[];
  /** Every folder below the root (relative), so an undo can recreate empty ones too. */
  dirs: string[];
}

export interface ScanOptions {
  signal?: AbortSignal;
  onProgress?: (p: { done: number; total: number; bytesDone: number; bytesTotal: number; current: string | null }) => void;
  /** Parallel hash streams; small files are dominated by open/close latency. */
  concurrency?: number;
  /** Which files to hash now; the others are hashed by their move (a copy hashes while it reads). */
  shouldHash?: (rel: string) => boolean;
}

export class ScanError extends Error {
  override name = 'ScanError';
}

export async function scanLegacy(root: string, opts: ScanOptions = {}): Promise<ScanResult> {
  const abs = path.resolve(root);
  const st = await fs.stat(abs).catch(() => null);
  if (!st?.isDirectory()) throw new ScanError(`${abs} is not a folder`);
  const files: ScannedFile[] = [];
  const dirs: string[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    opts.signal?.throwIfAborted();
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      throw new ScanError(`could not read ${dir}: ${errorMessage(err)}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        dirs.push(r);
        await walk(p, r);
      } else {
        const s = await fs.lstat(p);
        files.push({ rel: r, size: s.size, mtimeMs: s.mtimeMs, hash: null, kind: e.isFile() ? 'file' : e.isSymbolicLink() ? 'link' : 'other' });
      }
    }
  };
  await walk(abs, '');
  const wanted = (f: ScannedFile) => f.kind === 'file' && (opts.shouldHash?.(f.rel) ?? true);
  const bytesTotal = files.reduce((a, f) => a + (wanted(f) ? f.size : 0), 0);
  let bytesDone = 0;
  let done = 0;
  let next = 0;
  let lastReport = 0;
  const report = (current: string | null, force = false) => {
    const now = Date.now();
    if (!force && now - lastReport < 100) return;
    lastReport = now;
    opts.onProgress?.({ done, total: files.length, bytesDone, bytesTotal, current });
  };
  const worker = async () => {
    for (;;) {
      const i = next++;
      const f = files[i];
      if (!f) return;
      if (wanted(f)) {
        const h = await hashFile(path.join(abs, ...f.rel.split('/')), {
          signal: opts.signal,
          onBytes: (n) => {
            bytesDone += n;
          },
        });
        f.hash = h.hash;
        f.size = h.size;
      }
      done++;
      report(f.rel);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  report(null, true);
  return { root: abs, files, dirs };
}
