/**
 * Compares the ledger with the disk: every registered file must exist with its size, every file
 * in our data folders must be registered, and the ledger must equal the sum of its file rows.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Library } from '@core/catalog/library';
import { listFileSizes, listLedgerRows, sumFilesByUsageKind } from '@core/catalog/repositories/files/usage-verify';
import { PART_SUFFIX } from '@core/storage/fsops';

export type VerifyProblem =
  | { kind: 'missing'; path: string; expectedBytes: number }
  | { kind: 'size'; path: string; expectedBytes: number; actualBytes: number }
  | { kind: 'unregistered'; path: string; bytes: number }
  | { kind: 'ledger'; profileId: number; usageKind: string; ledgerBytes: number; rowBytes: number };

export interface VerifyReport {
  ledgerBytes: number;
  diskBytes: number;
  driftBytes: number;
  problems: VerifyProblem[];
}

/** Regular files under a folder with their apparent sizes; links are not followed. */
export async function walkFiles(root: string, base: string, out: Map<string, number>): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(root, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) await walkFiles(p, base, out);
    else if (e.isFile()) out.set(path.relative(base, p).split(path.sep).join('/'), (await fs.lstat(p)).size);
  }
}

export async function verifyLedger(lib: Library): Promise<VerifyReport> {
  const onDisk = new Map<string, number>();
  for (const top of ['users', 'trash']) await walkFiles(path.join(lib.root, top), lib.root, onDisk);
  const problems: VerifyProblem[] = [];
  const known = new Set<string>();
  for (const r of listFileSizes(lib.sqlite)) {
    known.add(r.relPath);
    const actual = onDisk.get(r.relPath);
    if (actual === undefined) problems.push({ kind: 'missing', path: r.relPath, expectedBytes: r.size });
    else if (actual !== r.size) problems.push({ kind: 'size', path: r.relPath, expectedBytes: r.size, actualBytes: actual });
  }
  for (const [p, size] of onDisk) {
    if (!known.has(p)) problems.push({ kind: 'unregistered', path: p, bytes: size });
  }
  const sums = sumFilesByUsageKind(lib.sqlite);
  const ledger = listLedgerRows(lib.sqlite);
  const key = (p: number, k: string) => `${p}/${k}`;
  const rowMap = new Map(sums.map((s) => [key(s.profileId, s.usageKind), s.bytes]));
  const ledgerMap = new Map(ledger.map((l) => [key(l.profileId, l.kind), l.bytes]));
  for (const k of new Set([...rowMap.keys(), ...ledgerMap.keys()])) {
    const a = ledgerMap.get(k) ?? 0;
    const b = rowMap.get(k) ?? 0;
    if (a !== b) {
      const [profileId, usageKind] = k.split('/');
      problems.push({ kind: 'ledger', profileId: Number(profileId), usageKind: usageKind ?? '', ledgerBytes: a, rowBytes: b });
    }
  }
  const ledgerBytes = ledger.reduce((a, l) => a + l.bytes, 0);
  const diskBytes = [...onDisk.entries()].filter(([p]) => !p.endsWith(PART_SUFFIX)).reduce((a, [, s]) => a + s, 0);
  return { ledgerBytes, diskBytes, driftBytes: diskBytes - ledgerBytes, problems };
}
