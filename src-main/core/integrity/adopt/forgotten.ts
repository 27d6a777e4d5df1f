/**
 * A recording folder the catalog does not know, with its source in it: what a catalog restored
 * from an older backup (or an older catalog.db copied over the current one) leaves behind of every
 * recording imported since. Its files are that recording, not strays: a scan adopts them
 * (adopt.ts), and a cleanup never takes them for unknown files.
 */
import type { DiskFact } from '../scanner/reconcile';

export interface ForgottenFolder {
  profileId: number;
  recordingId: number;
  /** users/<p>/recordings/<id> */
  folder: string;
  source: DiskFact;
  /** Every regular file of the folder, the source included (links are left as they are). */
  files: DiskFact[];
}

const FOLDER = /^(users\/(\d+)\/recordings\/([1-9]\d{0,14}))\//;
const SOURCE = /^source\.[^/.]+$/;

/** users/<p>/recordings/<id>/... -> its folder, profile and id; null for paths elsewhere (or a folder not named by an id). */
export function recordingFolderOf(rel: string): { folder: string; profileId: number; recordingId: number } | null {
  const m = FOLDER.exec(rel);
  return m ? { folder: m[1]!, profileId: Number(m[2]), recordingId: Number(m[3]) } : null;
}

/**
 * The forgotten folders among unregistered files of folders whose id no recording has. A folder
 * without a regular `source.<ext>` directly in it is not a recording's (a person's own folder, a
 * half-made one), nor is one holding files of a recording the catalog has (`strayed`: its folder
 * renamed by hand; it stays missing until it is moved back): their files stay unknown, as before.
 */
export function forgottenFolders(files: DiskFact[], strayed: ReadonlySet<string> = new Set()): { forgotten: ForgottenFolder[]; rest: DiskFact[] } {
  const byFolder = new Map<string, DiskFact[]>();
  for (const f of files) {
    const at = recordingFolderOf(f.rel);
    if (!at) continue;
    const list = byFolder.get(at.folder) ?? [];
    list.push(f);
    byFolder.set(at.folder, list);
  }
  const forgotten: ForgottenFolder[] = [];
  const taken = new Set<string>();
  for (const [folder, list] of byFolder) {
    const source = list.find((f) => !f.link && SOURCE.test(f.rel.slice(folder.length + 1)));
    if (!source || list.some((f) => strayed.has(f.rel))) continue;
    const at = recordingFolderOf(source.rel)!;
    const regular = list.filter((f) => !f.link);
    for (const f of regular) taken.add(f.rel);
    forgotten.push({ profileId: at.profileId, recordingId: at.recordingId, folder, source, files: regular });
  }
  return { forgotten: forgotten.sort((a, b) => a.recordingId - b.recordingId), rest: files.filter((f) => !taken.has(f.rel)) };
}
