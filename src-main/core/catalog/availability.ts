/**
 * Whether the library's files are really there. "Online" is proven, never assumed: an unmounted
 * disk, a share that did not come up or a folder replaced by an empty one all look, to a scan, like
 * "every file was deleted", and acting on that would forget a person's whole catalog.
 *
 * The evidence, all of which must hold:
 *  1. the catalog is reachable, and its library id matches the marker file at the root
 *     (`.reclib-library`), so a folder holding another library's files is never taken for this one;
 *  2. `users/` is a real folder, and so is `users/<uid>/` of every profile that has files;
 *  3. a sample of registered files (up to SAMPLE_SIZE, spread over recordings and profiles) is there.
 *
 * Missing evidence makes the library `offline` (nothing of it can be trusted) or `degraded` (one
 * profile's folder is gone while the others are fine). Neither is ever written into the catalog:
 * they are states of the moment, and everything that would change the catalog or the disk refuses.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LibraryState } from '@shared/domain';
import type Database from 'better-sqlite3';
import type { Logger } from '../log/logger';
import type { LibraryPaths } from '../storage/paths';
import { LIBRARY_ID_KEY as ID_KEY, MARKER_FILE } from './library-id';
import { errorMessage } from '@shared/errors';

/**
 * What these checks read of an open library. `Library` has all of it; naming it here keeps this
 * module below library.ts, which runs `ensureIdentity` while it opens.
 */
export interface OpenLibrary {
  readonly root: string;
  readonly paths: LibraryPaths;
  readonly sqlite: Database.Database;
  readonly log: Logger;
  readonly readonly: boolean;
  isOnline(): boolean;
}

export { MARKER_FILE };
const SAMPLE_SIZE = 32;
/**
 * "At least one sampled file is there" is only asked of samples this big. A library of one or two
 * recordings whose files the person deleted is not distinguishable from a vanished disk by the
 * sample, but the folder checks (marker, users/, users/<uid>/) still cover a vanished disk there.
 */
const SAMPLE_FLOOR = 3;
/** Statuses whose files are expected on disk under users/ (missing ones are known to be gone). */
const PRESENT_STATUSES = "('ready', 'processing', 'processed', 'needs_review', 'failed')";

export interface Availability {
  state: LibraryState;
  /** Why it is not online, in words (null when online). */
  reason: string | null;
}

export const ONLINE: Availability = { state: 'online', reason: null };

/** Refusal of anything that would change the catalog or the disk while the files look unavailable. */
export class UnavailableError extends Error {
  override name = 'UnavailableError';
  constructor(
    readonly reason: string,
    readonly state: LibraryState = 'offline',
  ) {
    super(unavailableMessage(reason, state));
  }
}

export function unavailableMessage(reason: string, state: LibraryState): string {
  const tail =
    state === 'degraded'
      ? ' If you removed those files on purpose, `reclib forget <id>` drops such a recording from the catalog.'
      : '';
  return `The library's files look unavailable (${reason}). Is the disk mounted? Nothing was changed.${tail}`;
}

interface Marker {
  id: string;
}

/** The catalog's library id, or null for a library created before ids existed. */
export function readLibraryId(lib: OpenLibrary): string | null {
  const row = lib.sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(ID_KEY) as { value: string } | undefined;
  return row?.value ?? null;
}

function readMarker(root: string): Marker | null | 'unreadable' {
  const file = path.join(root, MARKER_FILE);
  let text: string;
  try {
    if (!fs.lstatSync(file).isFile()) return 'unreadable';
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? null : 'unreadable';
  }
  try {
    const json = JSON.parse(text) as { id?: unknown };
    return typeof json.id === 'string' && json.id.length > 0 ? { id: json.id } : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function isDir(p: string): boolean | 'link' {
  try {
    const st = fs.lstatSync(p);
    return st.isDirectory() ? true : st.isSymbolicLink() ? 'link' : false;
  } catch {
    return false;
  }
}

function isRegularFile(p: string): boolean {
  try {
    return fs.lstatSync(p).isFile();
  } catch {
    return false;
  }
}

/** Profiles with files under users/<uid>/ (from the ledger: O(profiles x kinds), whatever the library's size). */
function profilesWithFiles(lib: OpenLibrary): { id: number; name: string }[] {
  return lib.sqlite
    .prepare(
      `SELECT p.id, p.name FROM profiles p
        WHERE EXISTS (SELECT 1 FROM usage u WHERE u.profile_id = p.id AND u.kind != 'trash' AND u.files > 0) ORDER BY p.id`,
    )
    .all() as { id: number; name: string }[];
}

/**
 * Up to SAMPLE_SIZE registered files of recordings whose files should be there: recordings picked
 * at evenly spaced ids (primary-key seeks, so this costs the same for 10 or 100,000 recordings),
 * topped up per profile so a small profile is never left out; the first file of each (its source).
 */
export function sampleFiles(lib: OpenLibrary): { rel: string; profileId: number }[] {
  const bounds = lib.sqlite.prepare(`SELECT MIN(id) AS lo, MAX(id) AS hi FROM recordings`).get() as { lo: number | null; hi: number | null };
  if (bounds.lo === null || bounds.hi === null) return [];
  const seek = lib.sqlite.prepare(`SELECT id, profile_id AS profileId FROM recordings WHERE id >= ? AND status IN ${PRESENT_STATUSES} ORDER BY id LIMIT 1`);
  const picked = new Map<number, number>();
  const span = bounds.hi - bounds.lo + 1;
  const steps = Math.min(SAMPLE_SIZE, span);
  for (let i = 0; i < steps; i++) {
    const r = seek.get(bounds.lo + Math.floor((i * span) / steps)) as { id: number; profileId: number } | undefined;
    if (r) picked.set(r.id, r.profileId);
  }
  const perProfile = lib.sqlite.prepare(`SELECT id FROM recordings WHERE profile_id = ? AND status IN ${PRESENT_STATUSES} LIMIT ${SAMPLE_FLOOR}`).pluck();
  for (const p of profilesWithFiles(lib)) {
    const have = [...picked.values()].filter((x) => x === p.id).length;
    if (have >= SAMPLE_FLOOR) continue;
    for (const id of perProfile.all(p.id) as number[]) picked.set(id, p.id);
  }
  const first = lib.sqlite.prepare(`SELECT rel_path FROM files WHERE recording_id = ? AND rel_path LIKE 'users/%' ORDER BY id LIMIT 1`).pluck();
  const out: { rel: string; profileId: number }[] = [];
  for (const [id, profileId] of picked) {
    const rel = first.get(id) as string | undefined;
    if (rel !== undefined) out.push({ rel, profileId });
  }
  return out;
}

/** Evidence 2 and 3 (folders and sample), without the marker. */
function folderAndSampleEvidence(lib: OpenLibrary): Availability {
  const root = lib.root;
  const users = isDir(path.join(root, 'users'));
  if (users === 'link') return { state: 'offline', reason: 'users/ is a link, not a folder' };
  if (!users) return { state: 'offline', reason: 'users/ is missing' };
  const profiles = profilesWithFiles(lib);
  const gone = profiles.filter((p) => isDir(path.join(root, 'users', String(p.id))) !== true);
  if (gone.length && gone.length === profiles.length) {
    return { state: 'offline', reason: `${gone.map((p) => `users/${p.id}/`).join(', ')} ${gone.length === 1 ? 'is' : 'are'} missing` };
  }
  if (gone.length) {
    return { state: 'degraded', reason: gone.map((p) => `users/${p.id}/ (profile “${p.name}”) is missing`).join('; ') };
  }
  const sample = sampleFiles(lib);
  const present = sample.filter((s) => isRegularFile(lib.paths.abs(s.rel)));
  if (sample.length >= SAMPLE_FLOOR && present.length === 0) {
    return { state: 'offline', reason: `none of ${sample.length} known files is there, e.g. ${sample[0]!.rel}` };
  }
  const byProfile = new Map<number, { n: number; there: number }>();
  for (const s of sample) {
    const e = byProfile.get(s.profileId) ?? { n: 0, there: 0 };
    e.n++;
    if (present.includes(s)) e.there++;
    byProfile.set(s.profileId, e);
  }
  const empty = [...byProfile].filter(([, e]) => e.n >= SAMPLE_FLOOR && e.there === 0).map(([id]) => id);
  if (empty.length) return { state: 'degraded', reason: empty.map((id) => `none of the known files of users/${id}/ is there`).join('; ') };
  return ONLINE;
}

/** Evidence 1: the catalog is reachable and the marker at the root names this library. */
function identityEvidence(lib: OpenLibrary): Availability {
  if (!lib.isOnline()) return { state: 'offline', reason: 'the library folder or its catalog cannot be reached' };
  const id = readLibraryId(lib);
  const marker = readMarker(lib.root);
  if (marker === 'unreadable') return { state: 'offline', reason: `${MARKER_FILE} at the library root cannot be read` };
  if (id !== null && marker === null) return { state: 'offline', reason: `${MARKER_FILE} is missing at the library root` };
  if (id !== null && marker !== null && marker.id !== id) {
    return { state: 'offline', reason: `${MARKER_FILE} at the library root belongs to another library (${marker.id.slice(0, 8)}…, this catalog is ${id.slice(0, 8)}…)` };
  }
  return ONLINE;
}

/** The library's state right now, from the evidence above (a few stats and indexed queries). */
export function checkAvailability(lib: OpenLibrary): Availability {
  const identity = identityEvidence(lib);
  return identity.state === 'online' ? folderAndSampleEvidence(lib) : identity;
}

export function assertAvailable(lib: OpenLibrary): void {
  const a = checkAvailability(lib);
  if (a.state !== 'online') throw new UnavailableError(a.reason ?? 'unknown reason', a.state);
}

/**
 * The stricter-than-nothing, looser-than-online gate of an explicit per-recording action (forget):
 * this is the right library (identity), users/ and the recording's own profile folder are there.
 * The sample is not asked: a person who removed most recordings by hand must still be able to
 * forget them one by one, and each of them is checked on disk by that action itself.
 */
export function assertIdentity(lib: OpenLibrary, profileId: number): void {
  const identity = identityEvidence(lib);
  if (identity.state !== 'online') throw new UnavailableError(identity.reason ?? 'unknown reason', identity.state);
  const users = isDir(path.join(lib.root, 'users'));
  if (users !== true) throw new UnavailableError(users === 'link' ? 'users/ is a link, not a folder' : 'users/ is missing');
  if (isDir(path.join(lib.root, 'users', String(profileId), 'recordings')) !== true) {
    // Not "create it and try again" first: a disk that is away can leave exactly this, and a
    // forget through a folder made empty would drop recordings whose files are only away.
    throw new UnavailableError(
      `users/${profileId}/recordings/ is missing. If this profile's files are on a disk that is not connected or not mounted, connect it and try again; nothing was forgotten. ` +
        'Only if you deleted that folder yourself: create it empty, then forget again.',
      'degraded',
    );
  }
}

/**
 * Gives a library its id and marker: a new library at once; an existing one without them the first
 * time a writer opens it and the evidence says its files are really there (a legacy library on an
 * unmounted disk must not get a marker written into the empty mount point). A marker that vanished
 * is written again under the same condition; another library's marker is never overwritten.
 * Never throws: a library whose marker cannot be written opens anyway and reads as offline.
 */
export function ensureIdentity(lib: OpenLibrary): void {
  if (lib.readonly) return;
  try {
    const id = readLibraryId(lib);
    const marker = readMarker(lib.root);
    if (marker === 'unreadable' || (id !== null && marker !== null)) return;
    const fresh = (lib.sqlite.prepare('SELECT COUNT(*) AS n FROM files').get() as { n: number }).n === 0;
    if (!fresh && folderAndSampleEvidence(lib).state !== 'online') return;
    // Web Crypto loads when first called: importing node:crypto cost every command ~8 ms of start-up.
    const chosen = id ?? (marker !== null ? marker.id : globalThis.crypto.randomUUID());
    // The marker first: killed between the two, the next open adopts the marker's id into the catalog.
    if (marker === null) writeMarkerSync(lib.root, chosen);
    if (id === null) lib.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING').run(ID_KEY, chosen);
    if (id !== null && marker === null) lib.log.warn('the library marker was missing; written again', { root: lib.root });
  } catch (err) {
    lib.log.warn('could not give the library its identity marker', { root: lib.root, error: errorMessage(err) });
  }
}

function writeMarkerSync(root: string, id: string): void {
  const file = path.join(root, MARKER_FILE);
  const part = `${file}.part`;
  const body = `${JSON.stringify({ id, note: 'Reclib library marker: tells Reclib this folder holds the library its catalog describes. Do not copy it into another library.' }, null, 2)}\n`;
  const fd = fs.openSync(part, 'w');
  try {
    fs.writeSync(fd, body);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(part, file);
  try {
    const dir = fs.openSync(root, 'r');
    try {
      fs.fsyncSync(dir);
    } finally {
      fs.closeSync(dir);
    }
  } catch {
    // some filesystems cannot fsync a folder; the rename is still atomic there
  }
}
