/**
 * The hashing steps of a scan, between the walk and the transaction: a file seen in two places is
 * taken as moved only when its bytes are the row's, a changed file's new facts, and the transcripts
 * a person put into a recording folder.
 */
import type { Library } from '@core/catalog/library';
import { hashFile } from '@core/storage/hash';
import type { Attachable } from './classify';
import type { DiskFact, Reconciled, RowFact } from './reconcile';

export async function confirmMoves(lib: Library, rec: Reconciled, signal?: AbortSignal): Promise<void> {
  const taken = new Set(rec.moved.map((m) => m.disk.rel));
  // Each file is hashed once, however many rows of its size it is compared with.
  const hashes = new Map<string, string | null>();
  const holds = async (d: DiskFact, row: RowFact) => {
    if (!hashes.has(d.rel)) hashes.set(d.rel, (await hashFile(lib.paths.abs(d.rel), { signal }).catch(() => null))?.hash ?? null);
    return hashes.get(d.rel) === row.hash;
  };
  for (const c of rec.candidates) {
    const found = await firstHolding(c.disks.filter((d) => !taken.has(d.rel)), c.row, holds);
    if (found) {
      taken.add(found.rel);
      rec.moved.push({ row: c.row, disk: found });
      continue;
    }
    // Its bytes elsewhere in the layout: missing, as a renamed folder's are, with where they are.
    const copy = await firstHolding(c.elsewhere, c.row, holds);
    if (copy) rec.strayed.push({ row: c.row, disk: copy });
    rec.missing.push(c.row);
  }
  rec.candidates = [];
  rec.orphans = rec.orphans.filter((o) => !taken.has(o.rel));
}

async function firstHolding(disks: DiskFact[], row: RowFact, holds: (d: DiskFact, row: RowFact) => Promise<boolean>): Promise<DiskFact | null> {
  for (const d of disks) if (await holds(d, row)) return d;
  return null;
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
