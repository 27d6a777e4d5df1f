import fs from 'node:fs/promises';
import type { StorageInfo } from '@shared/domain';
import type { Library } from '../catalog/library';
import { readUsage } from '../catalog/repositories/files';

export async function diskSpace(root: string): Promise<{ freeBytes: number; totalBytes: number } | null> {
  try {
    const s = await fs.statfs(root);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return null;
  }
}

export async function storageInfo(lib: Library): Promise<StorageInfo> {
  return { profiles: readUsage(lib.sqlite), disk: await diskSpace(lib.root) };
}
