/**
 * The commit of one recording of an apply: one transaction registers its files, the usage and its
 * final status, and marks its journal rows committed. A file a person changed or took away after
 * this run moved it is registered as it is now, or not at all, so a resume always converges.
 */
import type { Stats } from 'node:fs';
import fs from 'node:fs/promises';
import type { PlanFile, PlanGroup } from '@shared/migrate-plan';
import { addFile } from '../catalog/repositories/files/ledger';
import { isPathRegistered } from '../catalog/repositories/files/scan';
import { markJournalCommitted, setJournalChangedFacts } from '../catalog/repositories/journal/migration';
import { setRecordingCommitted, setRecordingMissing } from '../catalog/repositories/recordings/migration';
import { faultPoint } from '../storage/faults';
import { hashFile } from '../storage/hash';
import { toRelPath } from '../storage/paths';
import { indexTranscriptFile } from '../transcripts/search';
import { type ApplyCtx, fileKey, type JournalEntry, markGone } from './journal';

interface Key {
  f: PlanFile;
  i: number;
  e: JournalEntry | undefined;
}

/** What a file is registered with. */
interface Fact {
  f: PlanFile;
  i: number;
  mtimeMs: number;
  ino: number;
  size: number;
}

/** The facts of a recording's files as they are now; `sourceGone` when its source is no longer there. */
async function gatherFacts(ctx: ApplyCtx, gi: number, keys: Key[], renamed: Map<string, string>, hashOf: (i: number, f: PlanFile) => string | null) {
  const facts: Fact[] = [];
  let sourceGone = false;
  // A gone source keeps its row, on an absent file, so a scan keeps the recording missing (and heals it when the file is back).
  const goneSource = (k: Key) => {
    sourceGone = true;
    facts.push({ f: k.f, i: k.i, mtimeMs: 0, ino: 0, size: k.e?.changedSize ?? k.f.bytes });
  };
  for (const k of keys) {
    if (k.e?.gone && k.f.kind === 'source' && k.f.action === 'move') goneSource(k);
    if (k.f.action !== 'move' || k.f.kind === null || k.f.to === null || k.e?.existed || k.e?.gone) continue;
    const st: Stats | null = await fs.stat(ctx.lib.paths.abs(k.f.to)).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !k.e) throw err;
      return null;
    });
    if (!st) {
      // Moved by this run, then taken away by a person before the commit: theirs to take. The
      // recording is committed without it; without its source it is committed as missing.
      markGone(ctx, k.e!, k.f, 'a migrated file was removed before its recording was committed; it is not registered'); // (null only for a journaled file)
      if (k.f.kind === 'source') goneSource(k);
      continue;
    }
    await recheck(ctx, gi, k, st, renamed, hashOf);
    facts.push({ f: k.f, i: k.i, mtimeMs: st.mtimeMs, ino: st.ino, size: k.e?.changedSize ?? k.f.bytes });
  }
  return { facts, sourceGone };
}

/**
 * Moved by this run, then changed by a person before the commit (as in moveOne's ECONFLICT):
 * registered as it is now, so the resume converges instead of failing its check for ever. A file
 * moved by a killed run is re-read here: a changed byte keeps the size and the row would otherwise
 * promise a hash the file no longer has.
 */
async function recheck(ctx: ApplyCtx, gi: number, k: Key, st: Stats, renamed: Map<string, string>, hashOf: (i: number, f: PlanFile) => string | null): Promise<void> {
  const resumed = k.e?.step === 'moved' && ctx.movedBefore.has(fileKey(gi, k.i));
  const now = k.e && k.e.step !== 'committed' && (resumed || st.size !== (k.e.changedSize ?? k.f.bytes)) ? await hashFile(ctx.lib.paths.abs(k.f.to!)) : null;
  if (k.e && now && (now.size !== (k.e.changedSize ?? k.f.bytes) || now.hash !== hashOf(k.i, k.f))) {
    ctx.lib.log.warn('a migrated file was changed before its recording was committed; it is kept as it is now', { file: k.f.to, from: k.f.from });
    Object.assign(k.e, { changedSize: now.size, hash: now.hash });
    renamed.delete(fileKey(gi, k.i));
    setJournalChangedFacts(ctx.lib.sqlite, k.e.id, now.hash, now.size, Date.now());
  }
}

export async function commitGroup(ctx: ApplyCtx, gi: number, g: PlanGroup, renamed: Map<string, string>): Promise<void> {
  const keys: Key[] = g.files.map((f, i) => ({ f, i, e: ctx.journal.get(fileKey(gi, i)) }));
  if (keys.every((k) => !k.e || k.e.step === 'committed')) return;
  const hashOf = (i: number, f: PlanFile) => renamed.get(fileKey(gi, i)) ?? ctx.journal.get(fileKey(gi, i))?.hash ?? f.hash;
  const { facts, sourceGone } = await gatherFacts(ctx, gi, keys, renamed, hashOf);
  const db = ctx.lib.sqlite;
  db.transaction(() => {
    let size = 0;
    for (const x of facts) {
      size += x.size;
      if (isPathRegistered(db, x.f.to!)) continue;
      const fileId = addFile(db, {
        recordingId: g.recordingId,
        profileId: g.profileId,
        kind: x.f.kind!,
        relPath: toRelPath(x.f.to!),
        size: x.size,
        mtimeMs: x.mtimeMs,
        inode: x.ino,
        hash: hashOf(x.i, x.f) ?? '',
      });
      // A legacy transcript is searchable from the moment its row exists.
      if (x.f.kind === 'transcript' && g.recordingId !== null) {
        indexTranscriptFile(db, { fileId, recordingId: g.recordingId, relPath: x.f.to!, hash: hashOf(x.i, x.f) ?? '', origin: 'migrated' }, { abs: ctx.lib.paths.abs(x.f.to!) });
      }
    }
    if (g.recordingId !== null) {
      // Its source was taken away after this run moved it: the recording is kept (name, date,
      // other files) and said to be missing its source, as a scan says of any recording.
      if (sourceGone) setRecordingMissing(db, g.recordingId, g.status, 'its source file was removed from the library during the migration', size, Date.now());
      else setRecordingCommitted(db, g.recordingId, g.status, size, Date.now());
    }
    for (const k of keys) {
      if (!k.e) continue;
      markJournalCommitted(db, k.e.id, hashOf(k.i, k.f), Date.now());
    }
  })();
  for (const k of keys) {
    if (!k.e) continue;
    k.e.hash = hashOf(k.i, k.f);
    k.e.step = 'committed';
  }
  faultPoint('migrate:committed');
}
