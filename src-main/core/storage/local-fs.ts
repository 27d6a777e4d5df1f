/**
 * Whether a file's filesystem answers reads of what was just written from this machine's page
 * cache alone. A network or FUSE filesystem (NFS, SMB, sshfs, a WSL or VM share) may wait on a
 * server for any read, so a read on the event loop's thread there could stall the whole core while
 * the server does. Linux only (statfs magic numbers); elsewhere nothing is known to be local.
 */
import { statfs } from 'node:fs/promises';

const REMOTE_TYPES = new Set([
  0x6969, // NFS
  0x517b, // SMB
  0xff534d42, // CIFS
  0xfe534d42, // SMB2
  0x65735546, // FUSE: sshfs, rclone, virtiofs, and local ones such as ntfs-3g, taken as remote
  0x01021997, // 9P: WSL2 drives, VM shares
  0x00c36400, // Ceph
  0x5346414f, // AFS
  0x73757245, // Coda
  0x564c, // NCP
  0x0bd00bd0, // Lustre
  0x01161970, // GFS2
]);

/** A statfs type a read may wait on a server for. */
export function isRemoteFilesystemType(type: number): boolean {
  return REMOTE_TYPES.has(type >>> 0);
}

export async function onLocalFilesystem(file: string): Promise<boolean> {
  if (process.platform !== 'linux') return false;
  try {
    return !isRemoteFilesystemType((await statfs(file)).type);
  } catch {
    return false;
  }
}
