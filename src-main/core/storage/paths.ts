/**
 * The one place that knows the library layout (DESIGN §2). Every path is built from ids and
 * whitelisted tokens only, so no display name can ever reach the filesystem; every path that
 * comes back in (from the catalog, the watcher, a plan) is checked before it is used.
 */
import fs from 'node:fs';
import path from 'node:path';

/** A path relative to the library root, with forward slashes, never starting with / or containing `..`. */
export type RelPath = string & { readonly __rel: unique symbol };

export class PathError extends Error {
  override name = 'PathError';
}

const EXT = /^[a-z0-9]{1,8}$/;
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const CATALOG_FILE = 'catalog.db';
export const LOCK_FILE = '.reclib.lock';

export type RecordingFileKind = 'source' | 'video' | 'audio' | 'poster' | 'thumbnail';
/** subtitles.source.* keep the source's timeline when the recording was trimmed (see media/subtitles.ts). */
export type TranscriptFile = 'master.json' | 'subtitles.srt' | 'subtitles.vtt' | 'subtitles.source.srt' | 'subtitles.source.vtt' | `topics_v${number}.json`;

function id(value: number, what: string): string {
  if (!Number.isSafeInteger(value) || value <= 0) throw new PathError(`${what} must be a positive integer, got ${String(value)}`);
  return String(value);
}

function ext(value: string): string {
  const e = value.toLowerCase().replace(/^\./, '');
  if (!EXT.test(e)) throw new PathError(`unsupported file extension: ${JSON.stringify(value)}`);
  return e;
}

function token(value: string, what: string): string {
  if (!TOKEN.test(value)) throw new PathError(`${what} must be a plain token ([A-Za-z0-9_-]), got ${JSON.stringify(value)}`);
  return value;
}

function rel(...parts: string[]): RelPath {
  return parts.join('/') as RelPath;
}

/** Checks a relative path that comes from outside the path builder (catalog rows, plans, scans). */
export function toRelPath(value: string): RelPath {
  if (value.length === 0) throw new PathError('empty path');
  if (value.includes('\0')) throw new PathError('path contains a NUL byte');
  if (value.includes('\\')) throw new PathError(`path must use forward slashes: ${JSON.stringify(value)}`);
  if (value.startsWith('/') || path.isAbsolute(value) || /^[A-Za-z]:/.test(value)) {
    throw new PathError(`path must be relative to the library: ${JSON.stringify(value)}`);
  }
  const segments = value.split('/');
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..') throw new PathError(`path leaves or mangles the library: ${JSON.stringify(value)}`);
  }
  return value as RelPath;
}

export class LibraryPaths {
  readonly root: string;

  constructor(root: string) {
    if (!path.isAbsolute(root)) throw new PathError(`library root must be absolute: ${root}`);
    this.root = path.resolve(root);
  }

  catalog(): string {
    return path.join(this.root, CATALOG_FILE);
  }

  lockFile(): string {
    return path.join(this.root, LOCK_FILE);
  }

  sharedThumbnails(): RelPath {
    return rel('shared', 'thumbnails');
  }

  sharedThumbnail(name: string): RelPath {
    return rel('shared', 'thumbnails', `${token(name, 'thumbnail name')}.png`);
  }

  profileDir(uid: number): RelPath {
    return rel('users', id(uid, 'profile id'));
  }

  recordingsDir(uid: number): RelPath {
    return rel('users', id(uid, 'profile id'), 'recordings');
  }

  recordingDir(uid: number, recordingId: number): RelPath {
    return rel('users', id(uid, 'profile id'), 'recordings', id(recordingId, 'recording id'));
  }

  recordingFile(uid: number, recordingId: number, kind: RecordingFileKind, extension?: string): RelPath {
    const dir = this.recordingDir(uid, recordingId);
    switch (kind) {
      case 'source':
      case 'video':
        if (extension === undefined) throw new PathError(`${kind} needs an extension`);
        return rel(dir, `${kind}.${ext(extension)}`);
      case 'audio':
        // audio.mp3: the extracted audio (DESIGN §2). An audio-only recording's trimmed copy keeps
        // its codec: audio.<ext> (audio.m4a, audio.opus, audio.wav ...; an MP3's copy is audio.mp3).
        return rel(dir, `audio.${extension === undefined ? 'mp3' : ext(extension)}`);
      case 'poster':
        return rel(dir, 'poster.jpg');
      case 'thumbnail':
        return rel(dir, 'thumbnail.png');
    }
  }

  transcriptionDir(uid: number, recordingId: number): RelPath {
    return rel(this.recordingDir(uid, recordingId), 'transcription');
  }

  transcriptFile(uid: number, recordingId: number, file: TranscriptFile): RelPath {
    if (!/^(master\.json|subtitles(\.source)?\.(srt|vtt)|topics_v[1-9]\d{0,3}\.json)$/.test(file)) {
      throw new PathError(`unknown transcript file: ${JSON.stringify(file)}`);
    }
    return rel(this.transcriptionDir(uid, recordingId), file);
  }

  profileThumbnails(uid: number): RelPath {
    return rel('users', id(uid, 'profile id'), 'thumbnails');
  }

  profileThumbnail(uid: number, name: string): RelPath {
    return rel(this.profileThumbnails(uid), `${token(name, 'thumbnail name')}.png`);
  }

  tempRoot(): RelPath {
    return rel('temp');
  }

  tempDir(uid: number, jobId: string): RelPath {
    return rel('temp', id(uid, 'profile id'), token(jobId, 'job id'));
  }

  trashRoot(): RelPath {
    return rel('trash');
  }

  /** Quarantine keeps the original relative path so a restore is a plain move back. */
  trashItem(day: string, original: RelPath): RelPath {
    if (!DAY.test(day)) throw new PathError(`trash day must be YYYY-MM-DD, got ${JSON.stringify(day)}`);
    const inner = toRelPath(original);
    if (inner.startsWith('trash/')) throw new PathError('cannot quarantine inside trash');
    return rel('trash', day, inner);
  }

  legacyDir(runId: string): RelPath {
    return rel('legacy', token(runId, 'run id'));
  }

  /** Absolute path of a checked relative path; lexical check only (see assertNoEscape for links). */
  abs(relPath: string): string {
    const r = toRelPath(relPath);
    const full = path.join(this.root, ...r.split('/'));
    if (!isInside(this.root, full)) throw new PathError(`path leaves the library: ${relPath}`);
    return full;
  }

  /** Relative path of an absolute path inside the library, or an error. */
  relOf(absPath: string): RelPath {
    const full = path.resolve(absPath);
    if (!isInside(this.root, full) || full === this.root) throw new PathError(`not inside the library: ${absPath}`);
    return toRelPath(path.relative(this.root, full).split(path.sep).join('/'));
  }

  /**
   * Refuses a path whose existing part resolves (through symlinks) outside the library.
   * Called right before anything destructive, since the lexical check cannot see links.
   */
  assertNoEscape(relPath: string): string {
    const full = this.abs(relPath);
    const realRoot = fs.realpathSync(this.root);
    let probe = full;
    for (;;) {
      try {
        const real = fs.realpathSync(probe);
        if (!isInside(realRoot, real)) throw new PathError(`path resolves outside the library through a link: ${relPath}`);
        break;
      } catch (err) {
        if (err instanceof PathError) throw err;
        const parent = path.dirname(probe);
        if (parent === probe) break;
        probe = parent;
      }
    }
    return full;
  }
}

export function isInside(parent: string, child: string): boolean {
  const r = path.relative(parent, child);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

/** Which profile a layout path belongs to (users/<uid>/...), if any. */
export function profileOfRel(relPath: RelPath): number | null {
  const m = /^users\/(\d+)\//.exec(relPath);
  return m ? Number(m[1]) : null;
}

/** Parses users/<uid>/recordings/<id>/<file> back into ids. */
export function parseRecordingRel(relPath: RelPath): { uid: number; recordingId: number; rest: string } | null {
  const m = /^users\/(\d+)\/recordings\/(\d+)\/(.+)$/.exec(relPath);
  if (!m || m[3] === undefined) return null;
  return { uid: Number(m[1]), recordingId: Number(m[2]), rest: m[3] };
}

/** The extracted audio (audio.mp3), as opposed to an audio-only recording's trimmed copy audio.<ext>. */
export function isExtractedAudio(relPath: string): boolean {
  return /(^|\/)audio\.mp3$/.test(relPath);
}
