/**
 * Putting a job's outputs into the library, crash-safe (processing, transcription, attaching a
 * transcript). A journal row (op 'process') is written before anything moves and says which files
 * move where and which old ones were set aside. Old files are moved into the job's temp folder
 * (not deleted), the new ones renamed into place, then ONE transaction registers everything with
 * the ledger, sets the recording's state and marks the journal committed: that transaction is the
 * commit point. Before it, undoing puts the old files back and removes the new ones; after it, the
 * old files in temp are simply dropped with temp.
 */
import { statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileKind, RecordingStatus } from '@shared/domain';
import type { Library } from '@core/catalog/library';
import { durably } from '@core/catalog/connection';
import { addFile, removeFileRow, updateFileFacts } from '@core/catalog/repositories/files/ledger';
import {
  deleteProcessJournal,
  getProcessJournal,
  insertProcessJournal,
  markProcessJournalCommitted,
  type ProcessJournal,
  updateProcessJournal,
} from '@core/catalog/repositories/journal/process';
import { filesOfRecording, recordingFilesSize } from '@core/catalog/repositories/files/processing';
import { isPathRegistered } from '@core/catalog/repositories/files/scan';
import { markProcessing, recordingStatus, releaseProcessing, setProcessedState } from '@core/catalog/repositories/recordings/processing';
import { faultPoint } from '@core/storage/faults';
import { durableMove, exists, fsyncDirs, removeFile } from '@core/storage/fsops';
import { hashFile } from '@core/storage/hash';
import type { RelPath } from '@core/storage/paths';

export type { ProcessJournal };

export interface NewOutput {
  kind: FileKind;
  tempAbs: string;
  destRel: RelPath;
  /** Hashed by the stage that made it (overlapping the other stages), else here. */
  facts?: { hash: string; size: number };
}

export interface CommitState {
  status: RecordingStatus;
  statusReason: string | null;
  keptStartMs: number | null;
  keptEndMs: number | null;
  /**
   * Runs inside the commit transaction with the file id of every output (by destRel): what must
   * be true exactly when the rows are (the transcript index of a new master.json).
   */
  onCommit?: (fileIds: ReadonlyMap<string, number>) => void;
}

/** A registered file a commit sets aside (replaced, or `remove`d as stale). */
export interface OldFile {
  id: number;
  relPath: string;
  hash?: string;
  size?: number;
}

export function beginJournal(lib: Library, payload: ProcessJournal): number {
  return durably(lib.sqlite, () => {
    const id = insertProcessJournal(lib.sqlite, payload);
    markProcessing(lib.sqlite, payload.recordingId, Date.now());
    return id;
  });
}

/**
 * A file set aside is dropped with temp after the commit: one whose size is no longer the one the
 * catalog knows was changed outside Reclib (truncated, rewritten), and those bytes are the person's.
 * Nothing moves; the job fails with the reason, and a scan records the change.
 */
async function refuseChangedByHand(lib: Library, setAside: OldFile[]): Promise<void> {
  for (const r of setAside) {
    if (r.size === undefined) continue;
    const st = await fs.stat(lib.paths.abs(r.relPath)).catch(() => null);
    if (st && st.size !== r.size) {
      throw new Error(`${r.relPath} was changed outside Reclib (${st.size} bytes, the catalog knows ${r.size}), so it was not replaced; run a scan, then try again`);
    }
  }
}

/**
 * A file at an output's path that the catalog does not know (the person's own, put where a released
 * output was) is theirs: it is neither replaced nor, by an undo, removed. The same bytes as the
 * output are not in the way (a move that finished before a crash).
 */
async function refuseUnknownAtDest(lib: Library, outputs: NewOutput[], known: ReadonlyMap<string, unknown>, facts: ReadonlyMap<string, { hash: string; size: number }>): Promise<void> {
  for (const o of outputs) {
    if (known.has(o.destRel)) continue;
    const abs = lib.paths.abs(o.destRel);
    if (!(await exists(abs)) || (await holds(abs, facts.get(o.destRel)!))) continue;
    throw new Error(`${o.destRel} is in the recording's folder but not in the catalog, so it was not replaced: move it away, then try again`);
  }
}

/** A plain file (not a link) with exactly these bytes (the size first: a different one needs no read). */
async function holds(abs: string, facts: { hash: string; size: number }): Promise<boolean> {
  const st = await fs.lstat(abs).catch(() => null);
  return st !== null && st.isFile() && st.size === facts.size && (await hashFile(abs)).hash === facts.hash;
}

/**
 * Moves the outputs in, sets aside the files they replace (and `remove`: stale outputs of the
 * stages that ran, e.g. video.mp4 when the video is no longer trimmed), then commits.
 */
export async function commitOutputs(
  lib: Library,
  journalId: number,
  payload: ProcessJournal,
  outputs: NewOutput[],
  remove: OldFile[],
  state: CommitState,
): Promise<void> {
  const facts = new Map<string, { hash: string; size: number }>();
  for (const o of outputs) facts.set(o.destRel, o.facts ?? (await hashFile(o.tempAbs)));
  const byPath = new Map(filesOfRecording(lib.sqlite, payload.recordingId).map((r) => [r.relPath, r]));
  const replaced = outputs.map((o) => byPath.get(o.destRel)).filter((r): r is NonNullable<typeof r> => r !== undefined);
  const setAside: OldFile[] = [...replaced, ...remove.filter((r) => !outputs.some((o) => o.destRel === r.relPath))];
  await refuseChangedByHand(lib, setAside);
  await refuseUnknownAtDest(lib, outputs, byPath, facts);
  const oldDir = `${payload.tempDir}/old`;
  // A registered file already gone from disk (a trimmed copy deleted by hand): its new copy is not
  // the person's either, so an undo takes it away again and the recording is as it was.
  const gone = new Set<string>();
  for (const r of replaced) if (!(await exists(lib.paths.abs(r.relPath)))) gone.add(r.relPath);
  payload.moves = outputs.map((o) => ({ destRel: o.destRel, isNew: true, ...facts.get(o.destRel)!, ...(gone.has(o.destRel) ? { wasGone: true } : {}) }));
  payload.backups = setAside.map((r, i) => ({ destRel: r.relPath, backupRel: `${oldDir}/${i}-${path.posix.basename(r.relPath)}` }));
  updateProcessJournal(lib.sqlite, journalId, 'moving', payload, Date.now());

  // Known facts go along, so a same-disk move is a rename and no re-read of gigabytes. The folders
  // the renames touch (the same two or three for every file) are flushed once per step, not per file.
  const touched = new Set<string>();
  for (const [i, b] of payload.backups.entries()) {
    const row = setAside[i];
    const expected = row?.hash !== undefined && row.size !== undefined ? { hash: row.hash, size: row.size } : undefined;
    if (await exists(lib.paths.abs(b.destRel))) await durableMove(lib.paths.abs(b.destRel), lib.paths.abs(b.backupRel), { expected, syncLater: touched });
  }
  await fsyncDirs(touched);
  faultPoint('process:set-aside');
  touched.clear();
  for (const o of outputs) await durableMove(o.tempAbs, lib.paths.abs(o.destRel), { expected: facts.get(o.destRel), syncLater: touched });
  await fsyncDirs(touched);
  faultPoint('process:moved');

  const stats = new Map<string, { mtimeMs: number; ino: number }>();
  for (const o of outputs) stats.set(o.destRel, await fs.stat(lib.paths.abs(o.destRel)));
  durably(lib.sqlite, () => {
    for (const r of remove) if (!outputs.some((o) => o.destRel === r.relPath)) removeFileRow(lib.sqlite, r.id);
    const fileIds = new Map<string, number>();
    for (const o of outputs) {
      const f = facts.get(o.destRel)!;
      const st = stats.get(o.destRel)!;
      const old = byPath.get(o.destRel);
      if (old) updateFileFacts(lib.sqlite, old.id, { size: f.size, mtimeMs: st.mtimeMs, inode: st.ino, hash: f.hash });
      const id = old?.id ?? addFile(lib.sqlite, { recordingId: payload.recordingId, profileId: payload.profileId, kind: o.kind, relPath: o.destRel, size: f.size, mtimeMs: st.mtimeMs, inode: st.ino, hash: f.hash });
      fileIds.set(o.destRel, id);
    }
    state.onCommit?.(fileIds);
    // The recording is ours while it is `processing` (trash refuses it); anything else means another
    // hand changed it, and this commit must not overwrite that.
    const current = recordingStatus(lib.sqlite, payload.recordingId);
    if (current !== 'processing') throw new Error(`recording #${payload.recordingId} changed while it was processed (now ${current ?? 'gone'}); nothing was saved`);
    const sizeBytes = recordingFilesSize(lib.sqlite, payload.recordingId);
    setProcessedState(lib.sqlite, payload.recordingId, { status: state.status, statusReason: state.statusReason, keptStartMs: state.keptStartMs, keptEndMs: state.keptEndMs, sizeBytes }, Date.now());
    markProcessJournalCommitted(lib.sqlite, journalId, Date.now());
  });
  faultPoint('process:committed');
}

/**
 * Undoes an uncommitted job: new files out of the library, set-aside files back, the recording's
 * previous status back (`failed` with `reason` for a never-processed one whose job failed), temp
 * removed, journal row gone.
 * After a commit it only cleans up. Convergent: safe to run again after a crash inside it.
 */
export async function finishJournal(lib: Library, journalId: number, reason: string | null, keepReason = false): Promise<void> {
  const row = getProcessJournal(lib.sqlite, journalId);
  if (!row) return;
  const p = row.payload;
  if (row.step !== 'committed') {
    for (const m of p.moves ?? []) {
      const backedUp = p.backups?.some((b) => b.destRel === m.destRel && fsExistsSync(lib, b.backupRel));
      // A new file at a path nobody registered, or one whose registered original waits in temp or was
      // already gone: not ours to keep.
      if (!(backedUp || m.wasGone === true || !isPathRegistered(lib.sqlite, m.destRel))) continue;
      // Only the bytes this job moved in (journals written before it kept no facts: as then).
      const abs = lib.paths.abs(m.destRel);
      if (m.hash === undefined || m.size === undefined || (await holds(abs, { hash: m.hash, size: m.size }))) await removeFile(abs);
    }
    for (const b of p.backups ?? []) {
      if (await exists(lib.paths.abs(b.backupRel))) await durableMove(lib.paths.abs(b.backupRel), lib.paths.abs(b.destRel));
    }
    // A failure marks a recording that has no outputs yet as failed (so it can be found and
    // retried); one processed before keeps its status, since its previous outputs are intact.
    const failedFresh = reason !== null && !keepReason && (p.prevStatus === 'ready' || p.prevStatus === 'failed');
    releaseProcessing(lib.sqlite, p.recordingId, failedFresh ? 'failed' : p.prevStatus, keepReason ? p.prevReason : reason ?? p.prevReason, Date.now());
  }
  await fs.rm(lib.paths.abs(p.tempDir), { recursive: true, force: true });
  deleteProcessJournal(lib.sqlite, journalId);
}

function fsExistsSync(lib: Library, rel: string): boolean {
  try {
    return statSync(lib.paths.abs(rel)).isFile();
  } catch {
    return false;
  }
}
