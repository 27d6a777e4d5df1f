/**
 * Turns the paths a user chose into import candidates: walks folders, recognises Zoom's local
 * recording folders (one recording each), and sets aside what is plainly not a recording.
 */
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

export const MEDIA_EXTENSIONS = new Set([
  'mp4', 'm4v', 'mkv', 'webm', 'mov', 'avi', 'wmv', 'mpg', 'mpeg', 'ts', 'mts', 'm2ts', '3gp', 'flv', 'ogv',
  'm4a', 'mp3', 'wav', 'ogg', 'oga', 'opus', 'flac', 'aac', 'wma', 'aiff', 'aif', 'mka',
]);

export interface Candidate {
  /** The path as found: what the report names (a link's own path when it was reached by a link). */
  file: string;
  /** Where the bytes are read from: the file itself, or the final target of a link. */
  read: string;
  /** Reached through a symbolic link: copied from its target, and neither the link nor the target is removed. */
  link: boolean;
  /** The identity of what `read` was when it was found; a different file there later is refused. */
  dev: number;
  ino: number;
  /** A file a cleanup set aside in trash/: copied even by a --move, it stays registered there until retention. */
  setAside?: true;
  /** Names the file had when it was found: more than one, and a --move copies it (see linkOrCopy). */
  nlink: number;
  size: number;
  mtimeMs: number;
  ext: string;
  /** Set for Zoom folders: the name and time come from the folder, not from the file. */
  zoom: { topic: string; startTime: number; folder: string } | null;
}

export interface Refusal {
  path: string;
  reason: string;
}

export interface Discovery {
  candidates: Candidate[];
  skipped: Refusal[];
  failed: Refusal[];
}

/** `YYYY-MM-DD HH.MM.SS <topic> <meeting id>` — Zoom's local recording folder. */
const ZOOM_FOLDER = /^(\d{4})-(\d{2})-(\d{2}) (\d{2})\.(\d{2})\.(\d{2}) (.+?)(?: (\d{9,13}))?$/;

export function parseZoomFolder(name: string): { topic: string; startTime: number } | null {
  const m = ZOOM_FOLDER.exec(name.normalize('NFC'));
  if (!m) return null;
  const [, y, mo, d, h, mi, s, topic] = m;
  const start = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(start.getTime()) || !topic) return null;
  return { topic: topic.trim(), startTime: start.getTime() };
}

export function extOf(file: string): string {
  return path.extname(file).slice(1).toLowerCase();
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isSocket()) return 'a socket';
  if (st.isBlockDevice() || st.isCharacterDevice()) return 'a device';
  return 'neither a file nor a folder';
}

type Examined =
  | { kind: 'file'; path: string; read: string; link: boolean; st: Stats }
  | { kind: 'dir'; path: string; link: boolean }
  | { kind: 'failed'; path: string; reason: string; missing?: boolean };

/**
 * What is at a path, looked at without opening it (a fifo would block an open) and without
 * trusting a link: a link is followed to its final target, whose kind decides.
 */
async function examine(p: string): Promise<Examined> {
  let l: Stats;
  try {
    l = await fs.lstat(p);
  } catch {
    return { kind: 'failed', path: p, reason: 'the file does not exist or cannot be read', missing: true };
  }
  if (!l.isSymbolicLink()) {
    if (l.isDirectory()) return { kind: 'dir', path: p, link: false };
    if (!l.isFile()) return { kind: 'failed', path: p, reason: `not a regular file (${kindOf(l)})` };
    return { kind: 'file', path: p, read: p, link: false, st: l };
  }
  let target: string;
  let t: Stats;
  try {
    target = await fs.realpath(p);
    t = await fs.stat(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { kind: 'failed', path: p, reason: 'a link that leads back to itself (a loop of links)' };
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'failed', path: p, reason: 'a link whose target is missing' };
    return { kind: 'failed', path: p, reason: `a link that cannot be followed (${code ?? 'error'})` };
  }
  if (t.isDirectory()) return { kind: 'dir', path: p, link: true };
  if (!t.isFile()) return { kind: 'failed', path: p, reason: `not a regular file (a link to ${kindOf(t)})` };
  return { kind: 'file', path: p, read: target, link: true, st: t };
}

const INSIDE_LIBRARY = "inside the Reclib library: its files are the library's own (import from outside the library)";

/**
 * `library`: the library's root. Nothing inside it is ever a candidate: a folder of it reached by a
 * walk (an input that holds the library, such as ~/Videos) is passed over, and an input inside it
 * is refused; else the library's own outputs would come back as new recordings. The one exception
 * is a file given by itself that `setAside` says a cleanup set aside (never a folder, never a link).
 */
export async function discover(inputs: string[], signal?: AbortSignal, library?: string, setAside?: (abs: string) => boolean): Promise<Discovery> {
  const out: Discovery = { candidates: [], skipped: [], failed: [] };
  const seen = new Set<string>();
  const walked = new Set<string>();
  const libraryId = library === undefined ? null : await fs.stat(library).then((st) => `${st.dev}:${st.ino}`, () => null);
  // By identity, not by name: a link, a bind mount, or a case or NFD variant of the path on a disk
  // that folds them all reach the library's own folder, whose device and inode do not change.
  const inLibrary = async (p: string): Promise<boolean> => {
    if (libraryId === null) return false;
    let dir = await fs.realpath(p).catch(() => null);
    while (dir !== null) {
      if ((await fs.stat(dir).then((st) => `${st.dev}:${st.ino}`, () => null)) === libraryId) return true;
      const up = path.dirname(dir);
      dir = up === dir ? null : up;
    }
    return false;
  };

  const addFile = async (e: Examined, zoom: Candidate['zoom']) => {
    if (seen.has(e.path)) return;
    seen.add(e.path);
    if (e.kind === 'failed') return void out.failed.push({ path: e.path, reason: e.reason });
    if (e.kind !== 'file') return;
    // A link met in a walk may lead into the library (a "latest.mp4" beside other recordings).
    if (e.link && (await inLibrary(e.read))) return void out.failed.push({ path: e.path, reason: INSIDE_LIBRARY });
    // A link may carry a name of its own ("latest"): the target's extension then says what it is.
    const ext = MEDIA_EXTENSIONS.has(extOf(e.path)) || !e.link ? extOf(e.path) : extOf(e.read);
    if (!MEDIA_EXTENSIONS.has(ext)) {
      return void out.failed.push({ path: e.path, reason: `not a recording: ${ext ? `.${ext} files are` : 'a file without an extension is'} not audio or video` });
    }
    out.candidates.push({ file: e.path, read: e.read, link: e.link, dev: e.st.dev, ino: e.st.ino, nlink: e.st.nlink, size: e.st.size, mtimeMs: e.st.mtimeMs, ext, zoom });
  };

  const walk = async (dir: string): Promise<void> => {
    signal?.throwIfAborted();
    // A folder reached twice (a link given as an input beside its target) is walked once.
    const id = await fs.stat(dir).then((s) => `${s.dev}:${s.ino}`, () => dir);
    if (walked.has(id)) return;
    walked.add(id);
    if (id === libraryId) return void out.skipped.push({ path: dir, reason: 'the Reclib library itself: its recordings are in the catalog already' });
    const zoom = parseZoomFolder(path.basename(dir));
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch (err) {
      out.failed.push({ path: dir, reason: `the folder cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    names.sort((a, b) => a.localeCompare(b));
    const entries: Examined[] = [];
    // .DS_Store, editors' and our own part files are not looked at.
    for (const name of names) if (!name.startsWith('.')) entries.push(await examine(path.join(dir, name)));
    // A link to a folder is not followed inside a walk: it could lead anywhere, even back up.
    const into = async (d: Extract<Examined, { kind: 'dir' }>) => {
      if (d.link) out.skipped.push({ path: d.path, reason: 'a link to a folder; not followed' });
      else await walk(d.path);
    };
    if (zoom) {
      const files = entries.filter((e) => e.kind === 'file');
      const largest = (pred: (n: string) => boolean) => files.filter((f) => pred(path.basename(f.path))).sort((a, b) => b.st.size - a.st.size)[0];
      const main = largest((n) => /\.(mp4|m4v|mov)$/i.test(n)) ?? largest((n) => /\.(m4a|mp3|wav)$/i.test(n));
      const info = { ...zoom, folder: dir };
      if (main) await addFile(main, info);
      for (const f of entries) {
        if (f === main || f.kind === 'dir') continue;
        if (f.kind === 'failed') {
          await addFile(f, info);
          continue;
        }
        seen.add(f.path);
        out.skipped.push({
          path: f.path,
          reason: main ? `part of the Zoom recording "${zoom.topic}"; its ${path.basename(main.path)} is imported` : 'a Zoom folder without a video or audio file',
        });
      }
      for (const d of entries) if (d.kind === 'dir') await into(d);
    } else {
      for (const e of entries) {
        if (e.kind === 'dir') await into(e);
        else await addFile(e, null);
      }
    }
  };

  for (const raw of inputs) {
    const input = path.resolve(raw);
    const e = await examine(input);
    if (e.kind === 'failed' && e.missing) out.failed.push({ path: input, reason: 'the path does not exist or cannot be read' });
    else if (await inLibrary(input)) {
      if (e.kind !== 'file' || e.link || !setAside?.(input)) out.failed.push({ path: input, reason: INSIDE_LIBRARY });
      else {
        await addFile(e, null);
        const added = out.candidates.at(-1);
        if (added?.file === e.path) added.setAside = true;
      }
    }
    else if (e.kind === 'dir') await walk(input); // a folder the user chose, even through a link
    else await addFile(e, parseZoomFolderOf(input));
  }
  return dropLinksToChosenFiles(out);
}

/**
 * A link whose target is also being imported (itself, or through another link) brings nothing
 * new: it is skipped, so the one file is imported once and no link is left pointing at a moved file
 * by surprise.
 */
function dropLinksToChosenFiles(d: Discovery): Discovery {
  const byId = new Map<string, Candidate>();
  for (const c of d.candidates) if (!c.link) byId.set(`${c.dev}:${c.ino}`, c);
  const candidates: Candidate[] = [];
  for (const c of d.candidates) {
    const id = `${c.dev}:${c.ino}`;
    const first = byId.get(id);
    if (c.link && first) {
      d.skipped.push({ path: c.file, reason: first.link ? `a link to the same file as ${first.file}, which is part of this import` : `a link to ${first.file}, which is part of this import itself` });
      continue;
    }
    if (c.link) byId.set(id, c);
    candidates.push(c);
  }
  return { ...d, candidates };
}

function parseZoomFolderOf(file: string): Candidate['zoom'] {
  const folder = path.dirname(file);
  const z = parseZoomFolder(path.basename(folder));
  return z ? { ...z, folder } : null;
}
