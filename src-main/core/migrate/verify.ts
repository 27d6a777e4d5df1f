/**
 * Proves a run lost nothing: every legacy file's content is at its destination (size on disk and
 * the hash recorded when its move was verified, or re-read with `deep`), or an identical kept copy
 * exists for a removed duplicate, or it is still in place as a leftover, or its recording was
 * committed (the catalog holds it from then on). Anything else is unaccounted.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Library } from '../catalog/library';
import { hashFile } from '../storage/hash';
import type { MigrationPlan } from '@shared/migrate-plan';
import { fileKey, type JournalEntry } from './journal';

export interface Unaccounted {
  path: string;
  reason: string;
  bytes: number;
}

async function sizeOf(p: string): Promise<number | null> {
  try {
    const st = await fs.lstat(p);
    return st.isFile() ? st.size : null;
  } catch {
    return null;
  }
}

export async function verifyRun(lib: Library, plan: MigrationPlan, journal: Map<string, JournalEntry>, opts: { deep?: boolean } = {}): Promise<Unaccounted[]> {
  const out: Unaccounted[] = [];
  const legacy = (rel: string) => path.join(plan.mediaDir, ...rel.split('/'));
  const keptHash = new Map<string, string>();
  for (const [gi, g] of plan.recordings.entries()) {
    for (const [i, f] of g.files.entries()) {
      if (f.action === 'move' && f.to) keptHash.set(f.to, journal.get(fileKey(gi, i))?.hash ?? '');
    }
  }
  for (const [gi, g] of plan.recordings.entries()) {
    for (const [i, f] of g.files.entries()) {
      if (f.action === 'leave' || f.to === null) {
        if ((await sizeOf(legacy(f.from))) !== f.bytes) out.push({ path: f.from, reason: 'left in place but no longer there', bytes: f.bytes });
        continue;
      }
      const e = journal.get(fileKey(gi, i));
      if (e?.keptLegacy || e?.gone) {
        // Kept in the legacy folder (a different file took its place), or removed by a person after
        // this run moved it: accounted for by the person's own doing, or where it still is.
        if (e.keptLegacy && (await sizeOf(legacy(f.from))) !== (e.differs?.size ?? f.bytes)) out.push({ path: f.from, reason: 'kept in the legacy folder but no longer there', bytes: f.bytes });
        continue;
      }
      const destAbs = lib.paths.abs(f.to);
      const size = await sizeOf(destAbs);
      // A kept copy moved by this run is proven by its move; one that was already there, by its plan-time hash.
      const recorded = f.action === 'move' ? e?.hash : (keptHash.get(f.to) ?? f.hash);
      // The plan's hash when the scan had one; otherwise the one the verified move recorded.
      // A file changed by someone after this run moved it is accounted for as it is now (apply.ts moveOne).
      const changed = f.action === 'move' && e?.changedSize !== undefined;
      let ok =
        size === (changed ? e!.changedSize : f.bytes) && !!recorded && (changed || f.hash === null || recorded === f.hash) && (e?.step === 'moved' || e?.step === 'committed');
      if (ok && opts.deep) ok = (await hashFile(destAbs)).hash === recorded;
      if (!ok) {
        const still = (await sizeOf(legacy(f.from))) === f.bytes;
        // Committed means it arrived verified and the catalog registered it: what a person did to
        // it afterwards (moved it out, deleted the recording) is the catalog's to track (a scan
        // marks it missing), not a loss by this run, which would otherwise fail on every resume.
        if (e?.step === 'committed' && !still) {
          lib.log.info('a migrated file changed or left the library after its recording was committed; the catalog tracks it', { file: f.to, from: f.from });
          continue;
        }
        out.push({
          path: f.from,
          reason: still ? `not migrated yet (still in the legacy folder; ${f.to} not verified)` : `missing: not at ${f.to} with the expected content, and not in the legacy folder`,
          bytes: f.bytes,
        });
      }
    }
  }
  for (const l of plan.leftovers) {
    const there = l.regular ? (await sizeOf(legacy(l.path))) === l.bytes : await fs.lstat(legacy(l.path)).then(() => true, () => false);
    if (!there) out.push({ path: l.path, reason: 'a leftover is no longer in place', bytes: l.bytes });
  }
  return out;
}
