/**
 * The hashing steps of a scan, between the walk and the transaction: a file seen in two places is
 * taken as moved only when its bytes are the row's, a changed file's new facts, and the transcripts
 * a person put into a recording folder.
 */
import type { Library } from '@core/catalog/library';
import { hashFile } from '@core/storage/hash';
import type { Attachable } from './classify';
import type { DiskFact, Reconciled } from './reconcile';

export async function confirmMoves(lib: Library, rec: Reconciled, signal?: AbortSignal): Promise<void> {
  const taken = new Set(rec.moved.map((m) => m.disk.rel));
  for (const c of rec.candidates) {
    let found: DiskFact | null = null;
    for (const d of c.disks) {
      if (taken.has(d.rel)) continue;
      const facts = await hashFile(lib.paths.abs(d.rel), { signal }).catch(() => null);
      if (facts && facts.hash === c.row.hash && facts.size === c.row.size) {
        found = d;
        break;
      }
    }
    if (found) {
      taken.add(found.rel);
      rec.moved.push({ row: c.row, disk: found });
    } else rec.missing.push(c.row);
  }
  rec.candidates = [];
  rec.orphans = rec.orphans.filter((o) => !taken.has(o.rel));
}

export type Rehashed = Map<number, { hash: string; size: number } | null>;

export async function rehashChanged(lib: Library, rec: Reconciled, signal?: AbortSignal): Promise<Rehashed> {
  const out: Rehashed = new Map();
  for (const c of rec.changed) out.set(c.row.fileId, await hashFile(lib.paths.abs(c.row.relPath), { signal }).catch(() => null));
  return out;
}

export type HashedAttachable = Attachable & { hash: string; size: number };

export async function hashAttachables(lib: Library, list: Attachable[], signal?: AbortSignal): Promise<HashedAttachable[]> {
  const out: HashedAttachable[] = [];
  for (const a of list) {
    const facts = await hashFile(lib.paths.abs(a.disk.rel), { signal }).catch(() => null);
    if (facts && facts.size === a.disk.size) out.push({ ...a, ...facts });
  }
  return out;
}
