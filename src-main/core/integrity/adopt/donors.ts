/**
 * Other catalogs of the same library that may still know a forgotten recording: the catalog a
 * `catalog restore` kept aside (catalog.db.damaged-<time> or .replaced-<time>, newest first), then the backups (newest
 * first). Each is opened read-only, only when a forgotten folder asks, and at most once; one that
 * will not open or answer (damaged, another library's, a newer schema) is passed over.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Library } from '@core/catalog/library';
import { listBackups } from '@core/catalog/backup-files';
import { readCatalogLibraryId } from '@core/catalog/library-id';
import { CATALOG_FILE } from '@core/storage/paths';
import { type KnownFile, type KnownRecording, knownFiles, knownProfileName, knownRecording, knownTags } from '@core/catalog/repositories/recordings/adopt';

export interface Remembered {
  /** The file name of the catalog that knew it (e.g. catalog-2026-12-05T081825Z.db). */
  from: string;
  recording: KnownRecording;
  files: KnownFile[];
  tags: string[];
  /** Its profile's name there (for a profile this catalog does not have). */
  profileName: string | null;
}

const ASIDE = new RegExp(`^${CATALOG_FILE.replace('.', '\\.')}\\.(?:damaged|replaced)-[^/]*$`);
const SIDE = /-(wal|shm|journal)$/;

/** The kept-aside catalogs (not their -wal/-shm), newest first. */
function keptAside(root: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(root);
  } catch {
    return [];
  }
  const out: { p: string; t: number }[] = [];
  for (const n of names) {
    if (!ASIDE.test(n) || SIDE.test(n)) continue;
    const p = path.join(root, n);
    try {
      out.push({ p, t: fs.statSync(p).mtimeMs });
    } catch {
      // gone meanwhile
    }
  }
  return out.sort((a, b) => b.t - a.t).map((x) => x.p);
}

export class Donors {
  private readonly paths: string[];
  private readonly open = new Map<string, Database.Database | null>();
  private readonly libraryId: string | null;

  constructor(private readonly lib: Library) {
    this.paths = [...keptAside(lib.root), ...listBackups(lib.root).map((b) => b.path)];
    this.libraryId = readCatalogLibraryId(lib.sqlite);
  }

  /** The first catalog whose row for this id has this very source (same path, same bytes); null when none does. */
  recall(recordingId: number, profileId: number, sourceRel: string, sourceHash: string): Remembered | null {
    for (const p of this.paths) {
      const db = this.db(p);
      if (!db) continue;
      try {
        const recording = knownRecording(db, recordingId);
        if (!recording || recording.profileId !== profileId) continue;
        const files = knownFiles(db, recordingId);
        if (!files.some((f) => f.kind === 'source' && f.relPath === sourceRel && f.hash === sourceHash)) continue;
        return { from: path.basename(p), recording, files, tags: knownTags(db, recordingId), profileName: knownProfileName(db, profileId) };
      } catch (err) {
        this.lib.log.warn('a catalog kept beside the library could not be read', { path: p, error: String(err) });
        this.drop(p);
      }
    }
    return null;
  }

  close(): void {
    for (const p of [...this.open.keys()]) this.drop(p);
  }

  private db(p: string): Database.Database | null {
    if (this.open.has(p)) return this.open.get(p) ?? null;
    let db: Database.Database | null = null;
    try {
      db = new Database(p, { readonly: true, fileMustExist: true, timeout: 0 });
      const id = readCatalogLibraryId(db);
      if (this.libraryId !== null && id !== null && id !== this.libraryId) {
        db.close();
        db = null;
      }
    } catch {
      try {
        db?.close();
      } catch {
        // nothing to release
      }
      db = null;
    }
    this.open.set(p, db);
    return db;
  }

  private drop(p: string): void {
    try {
      this.open.get(p)?.close();
    } catch {
      // nothing to release
    }
    this.open.set(p, null);
  }
}
