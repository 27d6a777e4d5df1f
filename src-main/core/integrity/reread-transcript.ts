/**
 * A person's subtitles file kept in transcription/ (attached as <name>.srt) is where they fix a
 * word. source.json says which file it was made from and that file's hash then (`madeFrom`), so a
 * scan that finds the file changed leaves its row as it was, and the file is read again here:
 * source.json, master.json and the subtitles are made from the edited text the way an attach makes
 * them (one journaled commit, the kept file's new facts and its index in the same transaction).
 * Until that commit the row keeps the old facts, so a re-read that was refused (the recording was
 * being processed) or killed is tried again by the next scan; nothing of the old transcript goes
 * before the new one is in place.
 */
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '@shared/errors';
import type { Library } from '@core/catalog/library';
import { isPathRegistered } from '@core/catalog/repositories/files/scan';
import { fileAtPath } from '@core/catalog/repositories/files/processing';
import { markFileTheirs, updateFileFacts } from '@core/catalog/repositories/files/ledger';
import { lastAttachReason, writeAudit } from '@core/catalog/repositories/audit';
import { transcriptSource } from '@core/catalog/repositories/transcripts';
import { hashFile } from '@core/storage/hash';
import { processingRecording } from '@core/catalog/repositories/recordings/processing';
import { type MadeFrom, parseMaster } from '../transcripts/master';
import { SOURCE_MASTER } from '../transcripts/timeline';
import { AttachError } from './attach-error';
import { attachTranscript, readAttachedTranscript } from './attach-transcript';

export interface Reread {
  id: number;
  path: string;
  /** null: read again; else why not (the transcript made from the file before stays). */
  problem: string | null;
}

/** The subtitles made from master.json, on the timeline of the file the recording plays. */
const MADE_SUBTITLES = /(^|\/)transcription\/subtitles\.(srt|vtt)$/;

/** What a source.json was made from; `legacy`: one written before it said so (its file's hash then unknown). */
type Made = MadeFrom | (Omit<MadeFrom, 'hash'> & { legacy: true });

/**
 * What the source.json beside `keptRel` was made from, when that is `keptRel`. For one written
 * before `madeFrom` existed, the audit log says it: the attach that kept the file and the one that
 * made source.json name the same original, and the timeline.
 */
function madeFromOf(lib: Library, keptRel: string): Made | null {
  const dir = path.posix.dirname(keptRel);
  const name = path.posix.basename(keptRel);
  if (path.posix.basename(dir) !== 'transcription') return null;
  const sourceRel = `${dir}/${SOURCE_MASTER}`;
  if (!isPathRegistered(lib.sqlite, sourceRel)) return null;
  let source;
  try {
    source = parseMaster(readFileSync(lib.paths.abs(sourceRel), 'utf8')).master;
  } catch {
    return null;
  }
  if (source.madeFrom) return source.madeFrom.file === name ? source.madeFrom : null;
  const made = /^made from (.+) \((source|processed) timeline\), attached by the user$/.exec(lastAttachReason(lib.sqlite, sourceRel) ?? '');
  const kept = /^attached by the user from (.+)$/.exec(lastAttachReason(lib.sqlite, keptRel) ?? '');
  return made && kept && made[1] === kept[1] ? { file: name, timeline: made[2] as MadeFrom['timeline'], legacy: true } : null;
}

/**
 * For the scan, inside its transaction: whether a changed file, now of `hash`, is a kept transcript
 * that something was made from. Its row then keeps its old facts until the re-read commits.
 */
export function rereadLater(lib: Library, row: { kind: string; recordingId: number | null; relPath: string }, hash: string): boolean {
  if (row.recordingId === null || processingRecording(lib.sqlite, row.recordingId)?.status === 'trashed') return false;
  // Our subtitles, changed: a person fixed them where the player shows them.
  if (row.kind === 'subtitle') return MADE_SUBTITLES.test(row.relPath);
  if (row.kind !== 'transcript') return false;
  const made = madeFromOf(lib, row.relPath);
  // Our subtitles, kept as the person's after an edit that could not be read (holdEdit): their next change is read.
  if (made === null) return MADE_SUBTITLES.test(row.relPath) && transcriptIsOurs(lib, row.relPath);
  // Back to the text it was made from: nothing to make again.
  return 'legacy' in made || made.hash !== hash;
}

/** Reads each edited kept transcript again; a failure is said and logged, and the old transcript stays. */
export async function rereadEdited(lib: Library, list: readonly { id: number; path: string }[]): Promise<Reread[]> {
  const out: Reread[] = [];
  for (const r of list) {
    try {
      await rereadTranscript(lib, r.id, r.path);
      out.push({ ...r, problem: null });
    } catch (err) {
      const problem = errorMessage(err);
      lib.log.warn('an edited transcript was not read again', { recordingId: r.id, path: r.path, error: problem });
      out.push({ ...r, problem });
    }
  }
  return out;
}

const KEPT = 'The transcript made from it before stays.';

async function rereadTranscript(lib: Library, id: number, keptRel: string): Promise<void> {
  const rec = processingRecording(lib.sqlite, id);
  if (!rec) throw new AttachError(`There is no recording #${id}`);
  const name = path.posix.basename(keptRel);
  if (rec.status === 'importing' || rec.status === 'processing' || rec.status === 'trashed') {
    throw new AttachError(`Recording #${id} is ${rec.status}: ${name} is read again by a scan once it is done.`);
  }
  const kind = fileAtPath(lib.sqlite, keptRel)?.kind;
  // Subtitles we made: still ours, or the person's since an edit of theirs (a transcript made from another file).
  const ours = kind === 'subtitle' || (MADE_SUBTITLES.test(keptRel) && madeFromOf(lib, keptRel) === null);
  if (ours && !transcriptIsOurs(lib, keptRel)) return keepAsTheirs(lib, id, keptRel);
  // Subtitles we made are timed to the file the recording plays: the kept video once processed.
  const made = ours ? { file: name, timeline: 'processed' as const } : madeFromOf(lib, keptRel);
  if (!made) throw new AttachError(`transcription/${SOURCE_MASTER} no longer says it was made from ${name}.`);
  const abs = lib.paths.abs(keptRel);
  // Taken before the hash: an edit after it changes the time, and the next scan reads the file again.
  const st = await fs.stat(abs);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await fs.readFile(abs));
  } catch {
    await holdEdit(lib, id, keptRel, 'edited in place by the user, not readable as UTF-8: kept as it is');
    throw new AttachError(`${name} is no longer UTF-8 text: save it as UTF-8 in a text editor. ${KEPT}`);
  }
  let t;
  try {
    t = readAttachedTranscript(abs, 'subtitles', text);
  } catch (err) {
    if (!(err instanceof AttachError)) throw err;
    await holdEdit(lib, id, keptRel, 'edited in place by the user, not readable as subtitles: kept as it is');
    throw new AttachError(`${err.message.replace(/ Nothing was attached\.$/, '')} ${KEPT}`);
  }
  await attachTranscript(lib, { id, status: rec.status, profileId: rec.profileId }, abs, t, name, made.timeline, { mtimeMs: st.mtimeMs, ino: st.ino });
}

/**
 * Whether the transcript beside `rel` is ours to make again: made from a subtitles file (source.json
 * says which) or by a transcription engine. A person's own JSON, or a transcript migrated from the
 * old layout, is theirs: it is never rewritten from an edit of the subtitles made from it.
 */
function transcriptIsOurs(lib: Library, rel: string): boolean {
  const dir = path.posix.dirname(rel);
  const sourceRel = `${dir}/${SOURCE_MASTER}`;
  if (isPathRegistered(lib.sqlite, sourceRel)) {
    try {
      if (parseMaster(readFileSync(lib.paths.abs(sourceRel), 'utf8')).master.madeFrom) return true;
    } catch {
      return false;
    }
  }
  const master = fileAtPath(lib.sqlite, `${dir}/master.json`);
  return master !== null && transcriptSource(lib.sqlite, master.id)?.origin === 'engine';
}

/**
 * Subtitles we made from a person's own (or migrated) transcript, edited by them: their transcript
 * is never rewritten from the edit, and the edit is never written over. The file becomes
 * theirs as it is now (its facts, kind `transcript`, an audit line), and the scan says so.
 */
async function keepAsTheirs(lib: Library, id: number, rel: string): Promise<void> {
  await holdEdit(lib, id, rel, 'edited in place by the user');
  const name = path.posix.basename(rel);
  throw new AttachError(`${name} is kept as you edited it, and nothing writes over it now; your own transcript file is not rewritten from it.`);
}

/**
 * The person's edit, registered as it is (its facts, kind `transcript`, an audit line): the ledger
 * matches the disk, and nothing writes over it. What was made from the file before stays; an edit
 * that could not be read is read again when the file changes next.
 */
async function holdEdit(lib: Library, id: number, rel: string, reason: string): Promise<void> {
  const facts = await hashFile(lib.paths.abs(rel));
  const st = await fs.stat(lib.paths.abs(rel));
  lib.sqlite.transaction(() => {
    const row = fileAtPath(lib.sqlite, rel);
    if (!row) return;
    updateFileFacts(lib.sqlite, row.id, { size: facts.size, mtimeMs: st.mtimeMs, inode: st.ino, hash: facts.hash });
    markFileTheirs(lib.sqlite, row.id);
    writeAudit(lib.sqlite, { action: 'attach', reason, relPath: rel, recordingId: id, bytes: facts.size });
  })();
}
