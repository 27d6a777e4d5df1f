import fs from 'node:fs/promises';
import type { StorageInfo } from '@shared/domain';
import type { Library } from '../catalog/library';
import { readUsage } from '../catalog/repositories/files/ledger';
import { measureLibraryShared } from './library-usage';

export async function diskSpace(root: string): Promise<{ freeBytes: number; totalBytes: number } | null> {
  try {
    const s = await fs.statfs(root);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return null;
  }
}

export async function storageInfo(lib: Library): Promise<StorageInfo> {
  // The ledger first, while the catalog is surely open: the walk below takes a while.
  const profiles = readUsage(lib.sqlite);
  const [disk, library] = await Promise.all([diskSpace(lib.root), measureLibraryShared(lib.root)]);
  return { profiles, disk, library };
}
