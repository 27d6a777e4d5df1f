/**
 * Putting a job's outputs into the library, crash-safe. A journal row (op 'process') is written
 * before anything moves and says which files move where and which old ones were set aside. Old
 * files are moved into the job's temp folder (not deleted), the new ones renamed into place, then
 * ONE transaction registers everything with the ledger, sets the recording's state and marks the
 * journal committed: that transaction is the commit point. Before it, undoing puts the old files
 * back and removes the new ones; after it, the old files in temp are simply dropped with temp.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { FileKind, RecordingStatus } from '@shared/domain';
import type { Library } from '../catalog/library';
import { addFile, removeFileRow, updateFileFacts } from '../catalog/repositories/files';
import { faultPoint } from '../storage/faults';
import { durableMove, exists, removeFile } from '../storage/fsops';
import { hashFile } from '../storage/hash';
import type { RelPath } from '../storage/paths';
import { durably } from '../catalog/connection';

export interface ProcessJournal {
  recordingId: number;
  profileId: number;
  jobId: number;
  prevStatus: string;
  prevReason: string | null;
  tempDir: RelPath;
  /** Filled when the commit starts moving files. */
  moves?: { destRel: string; isNew: boolean }[];
  backups?: { destRel: string; backupRel: string }[];
}

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

interface FileRowLite {
  id: number;
  kind: string;
  relPath: string;
  hash?: string;
  size?: number;
}

export function beginJournal(lib: Library, payload: ProcessJournal): number {
  return durably(lib.sqlite, () => {
    const id = Number(lib.sqlite.prepare("INSERT INTO journal (op, step, payload) VALUES ('process', 'running', ?)").run(JSON.stringify(payload)).lastInsertRowid);
    lib.sqlite.prepare("UPDATE recordings SET status = 'processing', status_reason = NULL, updated_at = ? WHERE id = ?").run(Date.now(), payload.recordingId);
    return id;
  });
}

/**
 * An ffmpeg started by a process that was then SIGKILLed keeps running (it ignores SIGPIPE and
 * reads no stdin). Every process whose command line names this job's temp folder is the dead
 * job's (the folder is its own), so it is killed before the folder goes. No /proc (macOS,
 * Windows): nothing to find, nothing killed; such an orphan ends when its input does.
 */
async function killOrphans(lib: Library, p: ProcessJournal): Promise<void> {
  const marker = lib.paths.abs(p.tempDir) + path.sep;
  const ours = (pid: number) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
    } catch {
      return false;
    }
  };
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map(Number).filter((pid) => pid !== process.pid && ours(pid));
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    lib.log.warn('killed an ffmpeg left running by a crashed job', { pid, jobId: p.jobId });
  }
  // A signal is delivered asynchronously: wait (briefly) until they are really gone before temp goes.
  for (let i = 0; i < 200 && pids.some(ours); i++) await new Promise((r) => setTimeout(r, 10));
}

function setJournal(lib: Library, id: number, step: string, payload: ProcessJournal): void {
  lib.sqlite.prepare('UPDATE journal SET step = ?, payload = ?, updated_at = ? WHERE id = ?').run(step, JSON.stringify(payload), Date.now(), id);
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
  remove: FileRowLite[],
  state: CommitState,
): Promise<void> {
  const facts = new Map<string, { hash: string; size: number }>();
  for (const o of outputs) facts.set(o.destRel, o.facts ?? (await hashFile(o.tempAbs)));
  const rows = lib.sqlite.prepare('SELECT id, kind, rel_path AS relPath, hash, size FROM files WHERE recording_id = ?').all(payload.recordingId) as FileRowLite[];
  const byPath = new Map(rows.map((r) => [r.relPath, r]));
  const replaced = outputs.map((o) => byPath.get(o.destRel)).filter((r): r is FileRowLite => r !== undefined);
  const setAside = [...replaced, ...remove.filter((r) => !outputs.some((o) => o.destRel === r.relPath))];
  const oldDir = `${payload.tempDir}/old`;
  payload.moves = outputs.map((o) => ({ destRel: o.destRel, isNew: true }));
  payload.backups = setAside.map((r, i) => ({ destRel: r.relPath, backupRel: `${oldDir}/${i}-${path.posix.basename(r.relPath)}` }));
  setJournal(lib, journalId, 'moving', payload);

  // Known facts go along, so a same-disk move is a rename and no re-read of gigabytes.
  for (const [i, b] of payload.backups.entries()) {
    const row = setAside[i];
    const expected = row?.hash !== undefined && row.size !== undefined ? { hash: row.hash, size: row.size } : undefined;
    if (await exists(lib.paths.abs(b.destRel))) await durableMove(lib.paths.abs(b.destRel), lib.paths.abs(b.backupRel), { expected });
  }
  faultPoint('process:set-aside');
  for (const o of outputs) await durableMove(o.tempAbs, lib.paths.abs(o.destRel), { expected: facts.get(o.destRel) });
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
    const current = lib.sqlite.prepare('SELECT status FROM recordings WHERE id = ?').get(payload.recordingId) as { status: string } | undefined;
    if (current?.status !== 'processing') throw new Error(`recording #${payload.recordingId} changed while it was processed (now ${current?.status ?? 'gone'}); nothing was saved`);
    const total = (lib.sqlite.prepare('SELECT COALESCE(SUM(size), 0) AS n FROM files WHERE recording_id = ?').get(payload.recordingId) as { n: number }).n;
    lib.sqlite
      .prepare('UPDATE recordings SET status = ?, status_reason = ?, kept_start_ms = ?, kept_end_ms = ?, size_bytes = ?, updated_at = ? WHERE id = ?')
      .run(state.status, state.statusReason, state.keptStartMs, state.keptEndMs, total, Date.now(), payload.recordingId);
    lib.sqlite.prepare("UPDATE journal SET step = 'committed', updated_at = ? WHERE id = ?").run(Date.now(), journalId);
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
  const row = lib.sqlite.prepare('SELECT step, payload FROM journal WHERE id = ?').get(journalId) as { step: string; payload: string } | undefined;
  if (!row) return;
  const p = JSON.parse(row.payload) as ProcessJournal;
  if (row.step !== 'committed') {
    const registered = (rel: string) => lib.sqlite.prepare('SELECT 1 FROM files WHERE rel_path = ?').get(rel) !== undefined;
    for (const m of p.moves ?? []) {
      const backedUp = p.backups?.some((b) => b.destRel === m.destRel && fsExistsSync(lib, b.backupRel));
      // A new file at a path nobody registered, or one whose registered original waits in temp: not ours to keep.
      if (backedUp || !registered(m.destRel)) await removeFile(lib.paths.abs(m.destRel));
    }
    for (const b of p.backups ?? []) {
      if (await exists(lib.paths.abs(b.backupRel))) await durableMove(lib.paths.abs(b.backupRel), lib.paths.abs(b.destRel));
    }
    // A failure marks a recording that has no outputs yet as failed (so it can be found and
    // retried); one processed before keeps its status, since its previous outputs are intact.
    const failedFresh = reason !== null && !keepReason && (p.prevStatus === 'ready' || p.prevStatus === 'failed');
    lib.sqlite
      .prepare("UPDATE recordings SET status = ?, status_reason = ?, updated_at = ? WHERE id = ? AND status = 'processing'")
      .run(failedFresh ? 'failed' : p.prevStatus, keepReason ? p.prevReason : reason ?? p.prevReason, Date.now(), p.recordingId);
  }
  await fs.rm(lib.paths.abs(p.tempDir), { recursive: true, force: true });
  lib.sqlite.prepare('DELETE FROM journal WHERE id = ?').run(journalId);
}

function fsExistsSync(lib: Library, rel: string): boolean {
  try {
    return statSync(lib.paths.abs(rel)).isFile();
  } catch {
    return false;
  }
}

/**
 * At start (app, harness, CLI) and before new processing: finishes or undoes jobs a crash left
 * behind. `active` are job ids running in this process right now, whose rows are left alone.
 */
export async function recoverProcessing(lib: Library, active: ReadonlySet<number> = new Set()): Promise<number> {
  if (lib.readonly) return 0;
  const rows = lib.sqlite.prepare("SELECT id, payload FROM journal WHERE op = 'process'").all() as { id: number; payload: string }[];
  let n = 0;
  for (const r of rows) {
    const p = JSON.parse(r.payload) as ProcessJournal;
    if (active.has(p.jobId)) continue;
    await killOrphans(lib, p);
    await finishJournal(lib, r.id, null, true);
    lib.log.info('recovered an interrupted processing job', { recordingId: p.recordingId, jobId: p.jobId });
    n++;
  }
  if (n) lib.events.emit('library:changed', { reason: 'processing-recovered' });
  return n;
}
