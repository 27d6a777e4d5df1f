/**
 * The relocate journal, kept in the destination so a move interrupted at any point (a crash, a
 * kill, a pulled cable) is resumed by running it again with the same destination:
 *  - `.reclib-relocate.json`: which library moves where, and how far it got (a small file,
 *    replaced atomically at each change of phase);
 *  - `.reclib-relocate.log`: one line per file copied and verified (appended, never rewritten,
 *    so 100,000 files cost 100,000 short appends, not 100,000 rewrites of a growing list).
 * A lost or torn last log line only costs a re-check: a destination file the log does not name is
 * hashed against its source before it counts as copied.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite, fsyncDir } from '../storage/fsops';
import type { ContentHash } from '../storage/hash';

export const STATE_FILE = '.reclib-relocate.json';
export const LOG_FILE = '.reclib-relocate.log';

/**
 * copying: files are being copied; copied: every file and the catalog are in place and verified
 * (the new library is whole); removing: the app points to the new place and the old copy is being
 * removed; done: finished (the journal files are removed right after this is written).
 */
export type RelocatePhase = 'copying' | 'copied' | 'removing' | 'done';

export interface RelocateState {
  version: 1;
  libraryId: string | null;
  from: string;
  to: string;
  phase: RelocatePhase;
  keepOld: boolean;
  startedAt: string;
}

/** A file copied and verified: its source's size and mtime then (the old copy is removed only if still so). */
export interface CopiedFile {
  p: string;
  size: number;
  mtimeMs: number;
  hash: ContentHash;
}

export async function readState(dest: string): Promise<RelocateState | null> {
  try {
    const v = JSON.parse(await fs.readFile(path.join(dest, STATE_FILE), 'utf8')) as Partial<RelocateState>;
    if (v.version !== 1 || typeof v.from !== 'string' || typeof v.to !== 'string' || typeof v.phase !== 'string') return null;
    return v as RelocateState;
  } catch {
    return null;
  }
}

export function writeState(dest: string, state: RelocateState): Promise<void> {
  return atomicWrite(path.join(dest, STATE_FILE), JSON.stringify(state, null, 2));
}

/** The files the log names (a torn last line, from a kill mid-append, is ignored). */
export async function readLog(dest: string): Promise<Map<string, CopiedFile>> {
  const out = new Map<string, CopiedFile>();
  let text: string;
  try {
    text = await fs.readFile(path.join(dest, LOG_FILE), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      const v = JSON.parse(line) as CopiedFile;
      if (typeof v.p === 'string' && typeof v.hash === 'string') out.set(v.p, v);
    } catch {
      // the torn tail of a killed append
    }
  }
  return out;
}

/** Appends lines; fsynced only at the end of a phase (a lost line means a re-check, not a loss). */
export class LogWriter {
  private constructor(private readonly fh: fs.FileHandle) {}

  static async open(dest: string): Promise<LogWriter> {
    const file = path.join(dest, LOG_FILE);
    // A kill mid-append may leave a line without its newline: start ours on a fresh line.
    const fh = await fs.open(file, 'a');
    const st = await fh.stat();
    if (st.size > 0) await fh.appendFile('\n');
    return new LogWriter(fh);
  }

  append(entry: CopiedFile): Promise<void> {
    return this.fh.appendFile(JSON.stringify(entry) + '\n');
  }

  async close(): Promise<void> {
    await this.fh.sync();
    await this.fh.close();
  }
}

export async function removeJournal(dest: string): Promise<void> {
  await fs.rm(path.join(dest, LOG_FILE), { force: true });
  await fs.rm(path.join(dest, STATE_FILE), { force: true });
  await fsyncDir(dest);
}
