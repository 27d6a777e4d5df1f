/**
 * Turns the paths a user chose into import candidates: walks folders, recognises Zoom's local
 * recording folders (one recording each), and sets aside what is plainly not a recording.
 */
import fs from 'node:fs/promises';
import path from 'node:path';

export const MEDIA_EXTENSIONS = new Set([
  'mp4', 'm4v', 'mkv', 'webm', 'mov', 'avi', 'wmv', 'mpg', 'mpeg', 'ts', 'mts', 'm2ts', '3gp', 'flv', 'ogv',
  'm4a', 'mp3', 'wav', 'ogg', 'oga', 'opus', 'flac', 'aac', 'wma', 'aiff', 'aif',
]);

export interface Candidate {
  /** Absolute path of the file to import. */
  file: string;
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

function extOf(file: string): string {
  return path.extname(file).slice(1).toLowerCase();
}

async function statFile(p: string): Promise<{ size: number; mtimeMs: number; isDir: boolean; isFile: boolean } | null> {
  try {
    const s = await fs.stat(p);
    return { size: s.size, mtimeMs: s.mtimeMs, isDir: s.isDirectory(), isFile: s.isFile() };
  } catch {
    return null;
  }
}

export async function discover(inputs: string[], signal?: AbortSignal): Promise<Discovery> {
  const out: Discovery = { candidates: [], skipped: [], failed: [] };
  const seen = new Set<string>();

  const addFile = async (file: string, zoom: Candidate['zoom']) => {
    if (seen.has(file)) return;
    seen.add(file);
    const st = await statFile(file);
    if (!st) return void out.failed.push({ path: file, reason: 'the file does not exist or cannot be read' });
    const ext = extOf(file);
    if (!MEDIA_EXTENSIONS.has(ext)) {
      return void out.failed.push({ path: file, reason: `not a recording: ${ext ? `.${ext} files are` : 'a file without an extension is'} not audio or video` });
    }
    out.candidates.push({ file, size: st.size, mtimeMs: st.mtimeMs, ext, zoom });
  };

  const walk = async (dir: string): Promise<void> => {
    signal?.throwIfAborted();
    const zoom = parseZoomFolder(path.basename(dir));
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      out.failed.push({ path: dir, reason: `the folder cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    if (zoom) {
      const files = entries.filter((e) => e.isFile() && !e.name.startsWith('.'));
      const sized = await Promise.all(files.map(async (e) => ({ name: e.name, st: await statFile(path.join(dir, e.name)) })));
      const largest = (pred: (n: string) => boolean) =>
        sized.filter((f) => pred(f.name) && f.st).sort((a, b) => (b.st?.size ?? 0) - (a.st?.size ?? 0))[0];
      const main = largest((n) => /\.(mp4|m4v|mov)$/i.test(n)) ?? largest((n) => /\.(m4a|mp3|wav)$/i.test(n));
      const info = { ...zoom, folder: dir };
      if (main) await addFile(path.join(dir, main.name), info);
      for (const f of sized) {
        const p = path.join(dir, f.name);
        if (main && f.name === main.name) continue;
        seen.add(p);
        out.skipped.push({
          path: p,
          reason: main ? `part of the Zoom recording "${zoom.topic}"; its ${path.basename(main.name)} is imported` : 'a Zoom folder without a video or audio file',
        });
      }
      for (const e of entries) if (e.isDirectory()) await walk(path.join(dir, e.name));
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.name.startsWith('.')) continue; // .DS_Store, editors' and our own part files
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) await addFile(p, null);
      else if (e.isSymbolicLink()) {
        const st = await statFile(p);
        if (st?.isFile) await addFile(p, null);
        else out.skipped.push({ path: p, reason: 'a link to a folder or to nothing; not followed' });
      }
    }
  };

  for (const raw of inputs) {
    const input = path.resolve(raw);
    const st = await statFile(input);
    if (!st) out.failed.push({ path: input, reason: 'the path does not exist or cannot be read' });
    else if (st.isDir) await walk(input);
    else await addFile(input, parseZoomFolderOf(input));
  }
  return out;
}

function parseZoomFolderOf(file: string): Candidate['zoom'] {
  const folder = path.dirname(file);
  const z = parseZoomFolder(path.basename(folder));
  return z ? { ...z, folder } : null;
}
