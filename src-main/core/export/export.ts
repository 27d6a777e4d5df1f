/**
 * Export: a recording leaves the library under its real name, for a colleague or another app.
 * The library is only read (a reader open is enough: nothing in it changes); every file lands in
 * the target folder the bank way (part file, fsync, verify against the catalog's hash, rename), so
 * a killed export leaves whole files or none, never a half video under the final name.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ExportFile, ExportReport } from '@shared/export';
import type { JobProgress } from '@shared/jobs';
import { errorMessage, NotFoundError } from '@shared/errors';
import type { Library } from '@core/catalog/library';
import { fileHash, listRecordingFiles, recordingDetailFacts } from '@core/catalog/repositories/recordings/detail';
import { recordingMediaFile } from '@core/catalog/repositories/recordings/media';
import { atomicWrite, copyVerified, ensureDir, exists, fsyncDir, removeFile } from '../storage/fsops';
import { isInside } from '../storage/paths';
import { masterText, parseMaster } from '../transcripts/master';
import { subtitlesOf } from '../transcripts/subtitles-of';
import { keptRangesOf, keptToSource, SOURCE_MASTER } from '../transcripts/timeline';
import { localDate, safeFileNames } from './safe-name';

export interface ExportOptions {
  /** Copy the original instead of the processed (trimmed) video. */
  source?: boolean;
  signal?: AbortSignal;
  /** Recordings and bytes done of the whole export, and the file being written. */
  onProgress?: (p: Partial<JobProgress>) => void;
}

export class ExportError extends Error {
  override name = 'ExportError';
}

/** One file to write: copied from the library (verified against its catalog row) or made here. */
type Item =
  | { role: ExportFile['role']; ext: string; from: string; size: number; hash: string }
  | { role: ExportFile['role']; ext: string; text: string; size: number };

interface Planned {
  id: number;
  name: string;
  /** The recording's local date, kept whole in every name (a long name is shortened instead). */
  date: string;
  items: Item[];
}

function extOf(file: string): string {
  return path.extname(file).slice(1).toLowerCase();
}

/** What a recording gives: its video (or source), both subtitle files and the transcript as text. */
async function planRecording(lib: Library, id: number, opts: ExportOptions): Promise<Planned> {
  const facts = recordingDetailFacts(lib.sqlite, id);
  if (!facts) throw new NotFoundError(`There is no recording #${id}`);
  const rec = { ...facts.row, description: facts.description, files: listRecordingFiles(lib.sqlite, id) };
  const items: Item[] = [];
  // What the player plays (the processed video, else the source), checked against the root like the player's.
  const played = opts.source ? null : recordingMediaFile(lib.sqlite, id, 'video');
  const playedAbs = played === null ? '' : lib.paths.assertNoEscape(played);
  const media = opts.source ? rec.files.find((f) => f.kind === 'source') : rec.files.find((f) => lib.paths.abs(f.path) === playedAbs);
  if (!media) throw new ExportError(opts.source ? 'it has no original file in the library' : 'it has no video or audio file in the library');
  const hashOf = (fileId: number) => fileHash(lib.sqlite, fileId) ?? '';
  items.push({ role: 'media', ext: extOf(media.path), from: lib.paths.abs(media.path), size: media.size, hash: hashOf(media.id) });
  const readMaster = async (name: string) => {
    const file = rec.files.find((f) => f.kind === 'transcript' && f.path.endsWith(`/transcription/${name}`));
    return file ? parseMaster(await fs.readFile(lib.paths.abs(file.path), 'utf8')).master : null;
  };
  // The library's subtitles follow the kept (trimmed) video. Beside the original they would run
  // early by the cut start, so they are written again on the original's timeline: from an attached
  // transcript's source.json when there is one (it still has the lines said in the cut silence),
  // else moved back from master.json.
  const cut = opts.source ? keptRangesOf(facts) : null;
  const onSourceMaster = cut === null ? null : await readMaster(SOURCE_MASTER);
  let master = onSourceMaster ?? (await readMaster('master.json'));
  if (cut === null) {
    for (const ext of ['srt', 'vtt'] as const) {
      const sub = rec.files.find((f) => f.kind === 'subtitle' && f.path.endsWith(`/transcription/subtitles.${ext}`));
      if (sub) items.push({ role: 'subtitles', ext, from: lib.paths.abs(sub.path), size: sub.size, hash: hashOf(sub.id) });
    }
  } else if (master && master.segments.length) {
    if (!onSourceMaster) master = keptToSource(master, cut);
    const onSource = subtitlesOf(master.segments, null);
    for (const ext of ['srt', 'vtt'] as const) items.push({ role: 'subtitles', ext, text: onSource[ext], size: Buffer.byteLength(onSource[ext]) });
  }
  if (master) {
    const text = masterText(master);
    if (text) items.push({ role: 'transcript', ext: 'txt', text: `${text}\n`, size: Buffer.byteLength(`${text}\n`) });
  }
  // What a person added travels with the files (a player ignores the .json beside the video).
  if (rec.description !== null || rec.tags.length) {
    const json = `${JSON.stringify({ id: rec.id, name: rec.displayName, startTime: rec.startTime, description: rec.description, tags: rec.tags }, null, 2)}\n`;
    items.push({ role: 'metadata', ext: 'json', text: json, size: Buffer.byteLength(json) });
  }
  for (const it of items) {
    if ('from' in it && !(await exists(it.from))) {
      throw new ExportError(`its file ${path.basename(it.from)} is missing from the library (is the disk connected? \`reclib scan\` checks)`);
    }
  }
  return { id, name: rec.displayName, date: localDate(rec.startTime), items };
}

/**
 * Names for one recording's files that are free in the folder and not taken earlier in this run.
 * The files of a recording share one suffix, so a player still finds "<name>.srt" beside
 * "<name>.mp4" when a second export of the same name is numbered " (2)".
 */
async function freeNames(dir: string, p: Planned, taken: Set<string>): Promise<string[]> {
  for (let n = 1; ; n++) {
    const names = safeFileNames(p.name, p.items.map((it) => it.ext), ` (${p.date})${n === 1 ? '' : ` (${n})`}`);
    const keys = names.map((nm) => nm.normalize('NFC').toLowerCase()); // case-insensitive disks
    if (keys.some((k) => taken.has(k))) continue;
    const present = await Promise.all(names.map((nm) => exists(path.join(dir, nm))));
    if (present.some(Boolean)) continue;
    for (const k of keys) taken.add(k);
    return names;
  }
}

async function targetFolder(lib: Library, to: string): Promise<string> {
  const dir = path.resolve(to);
  const intoLibrary = () => new ExportError(`Cannot export into the library itself (${dir}): choose a folder outside it.`);
  if (isInside(lib.root, dir) || dir === lib.root) throw intoLibrary();
  // The folder itself may be new; its parent must be there (an unmounted disk is not created).
  if (!(await exists(path.dirname(dir)))) throw new ExportError(`The folder ${path.dirname(dir)} does not exist (is the disk connected?).`);
  // Links resolved on both sides, before anything is created: the library behind a link (or the
  // library opened through one) is still the library, where an export would be an unknown file.
  const realRoot = await fs.realpath(lib.root);
  const realDir = await fs.realpath(dir).catch(async () => path.join(await fs.realpath(path.dirname(dir)), path.basename(dir)));
  if (isInside(realRoot, realDir) || realDir === realRoot) throw intoLibrary();
  await ensureDir(dir).catch((err: NodeJS.ErrnoException) => {
    throw new ExportError(`Cannot create the folder ${dir} (${err.code ?? err.message}): choose another folder.`);
  });
  const st = await fs.stat(dir);
  if (!st.isDirectory()) throw new ExportError(`${dir} is a file, not a folder.`);
  return dir;
}

async function requireRoom(dir: string, bytes: number): Promise<void> {
  const fsStat = await fs.statfs(dir);
  const free = fsStat.bavail * fsStat.bsize;
  if (bytes > free) {
    const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
    throw new ExportError(`Not enough room in ${dir}: the export needs ${mb(bytes)}, the disk has ${mb(free)} free. Nothing was copied.`);
  }
}

/** Exports recordings to a folder; a recording that fails leaves none of its files behind. */
export async function exportRecordings(lib: Library, ids: number[], to: string, opts: ExportOptions = {}): Promise<ExportReport> {
  const dir = await targetFolder(lib, to);
  const report: ExportReport = { folder: dir, exported: [], failed: [] };
  const planned: Planned[] = [];
  for (const id of ids) {
    try {
      planned.push(await planRecording(lib, id, opts));
    } catch (err) {
      const reason = err instanceof NotFoundError ? `there is no recording #${id}` : errorMessage(err);
      report.failed.push({ id, reason });
    }
  }
  const total = planned.reduce((s, p) => s + p.items.reduce((t, it) => t + it.size, 0), 0);
  await requireRoom(dir, total);
  const taken = new Set<string>();
  let done = 0;
  const progress = (current: string) => opts.onProgress?.({ done: report.exported.length, total: planned.length, bytesDone: done, bytesTotal: total, current });
  for (const p of planned) {
    opts.signal?.throwIfAborted();
    const names = await freeNames(dir, p, taken);
    const written: ExportFile[] = [];
    try {
      for (const [i, it] of p.items.entries()) {
        const dest = path.join(dir, names[i]!);
        progress(names[i]!);
        if ('from' in it) {
          const base = done;
          const facts = await copyVerified(it.from, dest, {
            signal: opts.signal,
            onBytes: (n) => {
              done += n;
              progress(names[i]!);
            },
          });
          done = base + it.size;
          written.push({ role: it.role, path: dest, size: facts.size });
          if (facts.hash !== it.hash) {
            throw new ExportError(`the library's copy of ${names[i]} differs from what the catalog recorded (run \`reclib verify\`); it was not exported`);
          }
        } else {
          if (await exists(dest)) throw new ExportError(`${dest} appeared while exporting`);
          await atomicWrite(dest, it.text);
          done += it.size;
          written.push({ role: it.role, path: dest, size: it.size });
        }
      }
      report.exported.push({ id: p.id, files: written });
    } catch (err) {
      // Only files this run created are removed (their names were free when it started).
      await Promise.all(written.map((w) => removeFile(w.path).catch(() => undefined)));
      await fsyncDir(dir).catch(() => undefined);
      if (opts.signal?.aborted) throw err;
      report.failed.push({ id: p.id, reason: errorMessage(err) });
    }
  }
  opts.onProgress?.({ done: report.exported.length, total: planned.length, bytesDone: total, bytesTotal: total, current: null });
  return report;
}
