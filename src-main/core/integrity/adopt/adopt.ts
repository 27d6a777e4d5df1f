/**
 * Adopting the recordings a catalog forgot. After `catalog restore` of an older backup (or an older
 * catalog.db copied over the current one) the recordings imported since are still on disk, each in
 * its own folder, and nothing showed them: verify listed their files unregistered, and a confirmed
 * cleanup would have moved them into trash/ and purged them when retention ended.
 *
 * A full applied scan registers each such folder again under the id its folder has, in one
 * transaction per recording (a kill leaves it adopted or not; the next scan finishes the rest):
 * - what another catalog of the library knew about it (donors.ts: the catalog a restore kept aside,
 *   the backups), when that catalog's row has this very source (same path, same hash): its name,
 *   start, description, tags, trim, status and the kind of each file whose bytes it also knew;
 * - otherwise what the files say: the source, the outputs by their layout names, transcripts and
 *   subtitles as the person's (never made again over them), and a name from the source's date.
 * Files it cannot place (a person's own, links) stay where they are, unknown, as before.
 */
import { lstatSync } from 'node:fs';
import type { FileKind } from '@shared/domain';
import type { ScanReport } from '@shared/channels/integrity';
import type { Library } from '@core/catalog/library';
import { writeAudit } from '@core/catalog/repositories/audit';
import { addFile } from '@core/catalog/repositories/files/ledger';
import { isPathRegistered } from '@core/catalog/repositories/files/scan';
import { type AdoptedRecording, insertAdoptedRecording, recordingExists } from '@core/catalog/repositories/recordings/adopt';
import { createProfile, profileExists } from '@core/catalog/repositories/profiles/migration';
import { addTag } from '@core/catalog/repositories/recordings/metadata';
import { recordingWithSource } from '@core/catalog/repositories/recordings/import';
import { listSourcesOfSizes } from '@core/catalog/repositories/files/migration';
import { setRecordingSize } from '@core/catalog/repositories/recordings/scan';
import { hashFile } from '@core/storage/hash';
import { faultPoint } from '@core/storage/faults';
import { probe } from '@core/tools/probe';
import { resolveMediaTools } from '@core/tools/binaries';
import { toRelPath } from '@core/storage/paths';
import { checkAvailability } from '@core/catalog/availability';
import { searchKeyOf } from '@shared/domain';
import { syncTranscriptIndex } from '@core/transcripts/search';
import { Donors, type Remembered } from './donors';
import type { ForgottenFolder } from './forgotten';
import { type Classified, isAttachable } from '../scanner/classify';
import type { DiskFact } from '../scanner/reconcile';

export type AdoptedReport = ScanReport['adopted'][number];

/** A file's kind by its name in its recording folder; null for what is not ours to name (left unknown). */
export function kindByName(rel: string, folder: string): FileKind | null {
  // As a scan attaches them: the person's, never written over.
  if (isAttachable(rel)) return 'transcript';
  const inFolder = rel.slice(folder.length + 1);
  if (/^source\.[^/.]+$/.test(inFolder)) return 'source';
  if (/^video\.[^/.]+$/.test(inFolder)) return 'video';
  if (/^audio\.[^/.]+$/.test(inFolder)) return 'audio';
  if (inFolder === 'poster.jpg') return 'poster';
  if (inFolder === 'thumbnail.png') return 'thumbnail';
  return null;
}

/** A name for a recording nothing remembers: the source's date and time, in no language. */
function dateName(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Transient states end with the run that set them; the trash and `missing` return to what they were. */
function settledStatus(known: Remembered | null, hashed: Map<string, string>): string {
  if (!known) return 'ready';
  const r = known.recording;
  let status = r.status;
  if (status === 'trashed' || status === 'missing') status = r.previousStatus ?? 'ready';
  if (status === 'importing' || status === 'processing') status = 'ready';
  // Processed only while every output it had is here, byte for byte; else it is processed again.
  const outputs = known.files.filter((f) => f.kind === 'video' || f.kind === 'audio' || f.kind === 'poster');
  if ((status === 'processed' || status === 'needs_review') && outputs.some((f) => hashed.get(f.relPath) !== f.hash)) return 'ready';
  return status;
}

interface Planned {
  folder: ForgottenFolder;
  known: Remembered | null;
  /** ffprobe's facts of the source when no catalog remembered them; null when it could not read it (processing will say why). */
  probed: { durationMs: number; media: string } | null;
  files: { disk: DiskFact; kind: FileKind; hash: string; size: number }[];
}

async function plan(lib: Library, f: ForgottenFolder, donors: Donors, signal?: AbortSignal): Promise<Planned | null> {
  const hashed = new Map<string, { hash: string; size: number }>();
  for (const d of f.files) {
    const facts = await hashFile(lib.paths.abs(d.rel), { signal }).catch(() => null);
    if (facts) hashed.set(d.rel, facts);
  }
  const source = hashed.get(f.source.rel);
  if (!source) return null;
  const known = donors.recall(f.recordingId, f.profileId, f.source.rel, source.hash);
  const knownKind = new Map((known?.files ?? []).map((k) => [`${k.relPath}\0${k.hash}`, k.kind as FileKind]));
  const files: Planned['files'] = [];
  for (const d of f.files) {
    const facts = hashed.get(d.rel);
    if (!facts) continue;
    const kind = knownKind.get(`${d.rel}\0${facts.hash}`) ?? kindByName(d.rel, f.folder);
    if (kind) files.push({ disk: d, kind, ...facts });
  }
  return { folder: f, known, files, probed: known ? null : await probeSource(lib, f.source.rel, signal) };
}

async function probeSource(lib: Library, rel: string, signal?: AbortSignal): Promise<Planned['probed']> {
  try {
    const info = await probe(resolveMediaTools().ffprobe, lib.paths.abs(rel), signal);
    return { durationMs: Math.round(info.durationSec * 1000), media: JSON.stringify(info) };
  } catch (err) {
    if (signal?.aborted) throw err;
    return null;
  }
}

function commit(lib: Library, p: Planned, now: number): AdoptedReport | null {
  const { folder: f, known } = p;
  const onDisk = (rel: string) => {
    try {
      return lstatSync(lib.paths.abs(rel));
    } catch {
      return null;
    }
  };
  return lib.sqlite.transaction((): AdoptedReport | null => {
    // The walk and the hashing took time: a job, another scan or a person may have acted since.
    if (recordingExists(lib.sqlite, f.recordingId)) return null;
    const files = p.files.filter((x) => {
      const st = onDisk(x.disk.rel);
      return st?.isFile() && st.size === x.size && !isPathRegistered(lib.sqlite, x.disk.rel);
    });
    const source = files.find((x) => x.disk.rel === f.source.rel);
    // A copy of a recording the catalog has (a folder copied by hand) is no forgotten recording.
    if (!source || recordingWithSource(lib.sqlite, source.hash, source.size) !== null) return null;
    const hashes = new Map(files.map((x) => [x.disk.rel, x.hash]));
    const r = known?.recording;
    const row: AdoptedRecording = {
      id: f.recordingId,
      profileId: f.profileId,
      displayName: r?.displayName ?? dateName(f.source.mtimeMs),
      startTime: r?.startTime ?? Math.round(f.source.mtimeMs),
      durationMs: r?.durationMs ?? p.probed?.durationMs ?? 0,
      status: settledStatus(known ?? null, hashes),
      statusReason: null,
      media: r?.media ?? p.probed?.media ?? null,
      keptStartMs: r?.keptStartMs ?? null,
      keptEndMs: r?.keptEndMs ?? null,
      legacyId: r?.legacyId ?? null,
      expireAt: r?.expireAt ?? null,
      description: r?.description ?? null,
      createdAt: r?.createdAt ?? now,
      at: now,
    };
    // A profile made after the backup comes back too, by the name the other catalog gave it.
    if (!profileExists(lib.sqlite, f.profileId)) createProfile(lib.sqlite, f.profileId, known?.profileName ?? `#${f.profileId}`);
    insertAdoptedRecording(lib.sqlite, row);
    let bytes = 0;
    for (const x of files) {
      addFile(lib.sqlite, { recordingId: f.recordingId, profileId: f.profileId, kind: x.kind, relPath: toRelPath(x.disk.rel), size: x.size, mtimeMs: x.disk.mtimeMs, inode: x.disk.ino, hash: x.hash });
      bytes += x.size;
    }
    // As processing counts it (all of its files), unless the catalog that knew it says otherwise.
    setRecordingSize(lib.sqlite, f.recordingId, r?.sizeBytes ?? bytes);
    for (const tag of known?.tags ?? []) addTag(lib.sqlite, f.recordingId, tag, searchKeyOf(tag));
    const reason = known
      ? `a recording on disk that this catalog did not know: registered again as ${known.from} knew it`
      : 'a recording on disk that this catalog did not know (nothing kept beside the library knew it): registered again from its files';
    writeAudit(lib.sqlite, { action: 'adopt-recording', reason, relPath: f.folder, recordingId: f.recordingId, bytes });
    return { id: f.recordingId, path: f.folder, name: row.displayName, files: files.length, bytes, from: known?.from ?? null };
  })();
}

/**
 * Adopts the forgotten folders a full scan found (the library proven online by the caller). Returns
 * what it registered; a folder that changed under it is left for the next scan.
 */
export async function adoptForgotten(lib: Library, folders: ForgottenFolder[], signal?: AbortSignal): Promise<AdoptedReport[]> {
  if (!folders.length || lib.readonly) return [];
  const donors = new Donors(lib);
  const out: AdoptedReport[] = [];
  try {
    for (const f of folders) {
      signal?.throwIfAborted();
      const p = await plan(lib, f, donors, signal);
      if (!p) continue;
      // Re-checked right before each commit: a disk that went meanwhile must not be written about.
      if (checkAvailability(lib).state !== 'online') break;
      const done = commit(lib, p, Date.now());
      if (!done) continue;
      out.push(done);
      faultPoint('adopt:committed');
      lib.log.info('recording adopted', { id: done.id, path: done.path, from: done.from ?? 'its files' });
    }
  } finally {
    donors.close();
  }
  if (out.length) {
    syncTranscriptIndex(lib);
    lib.events.emit('library:changed', { reason: 'scan', recordingIds: out.map((a) => a.id) });
  }
  return out;
}

/**
 * A forgotten folder whose source has the bytes of a recording the catalog has is a copy made by
 * hand, no recording of its own: its files are unknown, as any file a person put there. Only sources
 * of a size some recording's source has are hashed.
 */
export async function setAsideCopies(lib: Library, c: Classified, signal?: AbortSignal): Promise<void> {
  if (!c.forgotten.length) return;
  const known = new Map<number, Set<string>>();
  for (const r of listSourcesOfSizes(lib.sqlite, c.forgotten.map((f) => f.source.size))) known.set(r.size, (known.get(r.size) ?? new Set()).add(r.hash));
  const keep: ForgottenFolder[] = [];
  for (const f of c.forgotten) {
    const hashes = known.get(f.source.size);
    const facts = hashes ? await hashFile(lib.paths.abs(f.source.rel), { signal }).catch(() => null) : null;
    if (facts && hashes!.has(facts.hash)) c.unknown.push(...f.files);
    else keep.push(f);
  }
  c.forgotten = keep;
}

/** The dry run's picture of them: what would be adopted (names are known only once adopted). */
export function forgottenReport(folders: ForgottenFolder[]): AdoptedReport[] {
  return folders.map((f) => ({ id: f.recordingId, path: f.folder, name: null, files: f.files.length, bytes: f.files.reduce((n, x) => n + x.size, 0), from: null }));
}
