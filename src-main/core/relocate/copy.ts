/**
 * Copying one file of a relocate, convergently: a file the journal already names is skipped, a
 * file found at the destination without a journal line (a kill between its rename and the log
 * append) is proven equal by hashing both sides or replaced, anything else goes through
 * copyVerified (part file, fsync, hash of both sides, rename). The source's mtime is kept: the
 * catalog and the scanner compare it.
 */
import fs from 'node:fs/promises';
import { copyVerified, FileOpError, removeFile } from '../storage/fsops';
import { hashFile } from '../storage/hash';
import { faultPoint } from '../storage/faults';
import type { CopiedFile } from './journal';
import type { TreeFile } from './tree';

export interface CopyOneOptions {
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
  /** Folders whose new entries the caller fsyncs in one go (before the move counts as copied). */
  syncLater?: Set<string>;
}

/** The journal line proves the copy when the source is unchanged and the copy still has its size. */
export async function alreadyCopied(f: TreeFile, dest: string, logged: CopiedFile | undefined): Promise<boolean> {
  if (!logged || logged.size !== f.size || logged.mtimeMs !== f.mtimeMs) return false;
  const st = await fs.stat(dest).catch(() => null);
  return st !== null && st.size === f.size;
}

export async function copyOne(f: TreeFile, src: string, dest: string, opts: CopyOneOptions): Promise<CopiedFile> {
  const there = await fs.lstat(dest).catch(() => null);
  if (there) {
    const [a, b] = await Promise.all([hashFile(src, { signal: opts.signal }), hashFile(dest, { signal: opts.signal })]);
    if (a.hash === b.hash && a.size === b.size && there.isFile()) {
      opts.onBytes?.(f.size);
      await fs.utimes(dest, Date.now() / 1000, f.mtimeMs / 1000);
      return { p: f.rel, size: a.size, mtimeMs: f.mtimeMs, hash: a.hash };
    }
    // Only an unfinished move of this library may be at the destination (checked before): a file
    // there that differs is an earlier copy of a source that changed since.
    await removeFile(dest);
  }
  const facts = await copyVerified(src, dest, { signal: opts.signal, onBytes: opts.onBytes, paranoid: true, syncLater: opts.syncLater });
  const after = await fs.stat(src);
  if (after.mtimeMs !== f.mtimeMs || after.size !== f.size) {
    await removeFile(dest);
    throw new FileOpError(`${src} changed while the library was being moved; run the move again`, 'ECHANGED');
  }
  // Seconds as a number keep sub-millisecond precision (a Date would round it away).
  await fs.utimes(dest, after.atimeMs / 1000, after.mtimeMs / 1000);
  faultPoint('relocate:file-copied');
  return { p: f.rel, size: facts.size, mtimeMs: f.mtimeMs, hash: facts.hash };
}
