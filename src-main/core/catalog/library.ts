/**
 * An open library: its root, catalog, settings and writer lock. Everything in core works on one.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LibrarySettings } from '@shared/settings';
import { CatalogDamagedError } from './check';
import { type Catalog, CatalogError, openCatalog } from './connection';
import { profiles } from './schema';
import { acquireWriterLock, type WriterLock } from './writer-lock';
import { type Logger, silentLogger } from '../log/logger';
import { readLibrarySettings, writeLibrarySettings } from './repositories/settings/settings';
import { LibraryPaths } from '../storage/paths';
import { LibraryReadOnlyError, readOnlyReason, requireWritable } from '../storage/writable';
import { requireLibrary } from './presence';
import { CoreEvents } from './events';
import { ensureIdentity } from './availability';
import { errorMessage } from '@shared/errors';
import { BUILT_IN_PROFILE } from '@shared/domain';

export interface OpenLibraryOptions {
  /**
   * Create the folder and catalog when missing: only `reclib init` and the app's explicit "Create a
   * new library here" (or its first run) pass it. Without it a folder with no catalog is refused.
   */
  create?: boolean;
  /** Who writes: takes the one-writer lock. Omit for read-only use (list, show, quota). */
  writer?: string;
  log?: Logger;
  /** Runs once, after the catalog of a brand-new library was created (installs templates). */
  onCreate?: (lib: Library) => void;
}

export class LibraryError extends Error {
  override name = 'LibraryError';
}

/** mkdir -p for a library being created; a read-only place says so in words. */
function makeFolder(abs: string): void {
  try {
    fs.mkdirSync(abs, { recursive: true });
  } catch (err) {
    const reason = readOnlyReason(err, 'folder');
    if (reason) throw new LibraryReadOnlyError(abs, reason);
    if (['EEXIST', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '')) throw new LibraryError(`${abs} is not a folder`);
    throw err;
  }
}

export class Library {
  readonly events = new CoreEvents();
  private closed = false;

  private constructor(
    readonly paths: LibraryPaths,
    readonly catalog: Catalog,
    readonly log: Logger,
    private readonly lock: WriterLock | null,
    readonly readonly: boolean,
  ) {}

  static open(root: string, opts: OpenLibraryOptions = {}): Library {
    const abs = path.resolve(root);
    const log = opts.log ?? silentLogger;
    const paths = new LibraryPaths(abs);
    if (opts.create) makeFolder(abs);
    const existed = fs.existsSync(paths.catalog());
    if (!existed && !opts.create) requireLibrary(abs);
    // A read-only library is refused for writing before anything (the lock file first) is written.
    if (opts.writer || !existed) requireWritable(abs, existed ? paths.catalog() : null);
    const lock = opts.writer ? acquireWriterLock(paths.lockFile(), opts.writer) : null;
    let catalog: Catalog;
    try {
      catalog = openCatalog(paths.catalog(), { readonly: !opts.writer && existed, create: !existed });
    } catch (err) {
      lock?.release();
      if (err instanceof CatalogError || err instanceof CatalogDamagedError) throw err;
      throw new LibraryError(`could not open the catalog of ${abs}: ${errorMessage(err)}`);
    }
    const lib = new Library(paths, catalog, log, lock, !opts.writer && existed);
    if (!lib.readonly) {
      // The layout is made once, when the library is created. An existing library whose users/ is
      // gone is a disk that is not (fully) there: making an empty users/ would hide that and nest
      // the real folder when it is moved back; the availability check reports it instead.
      if (!existed || fs.existsSync(paths.abs('users'))) {
        for (const dir of ['users', 'shared/thumbnails', 'temp', 'trash']) fs.mkdirSync(path.join(abs, dir), { recursive: true });
      }
      const hasProfile = catalog.sqlite.prepare('SELECT 1 FROM profiles LIMIT 1').get() !== undefined;
      if (!hasProfile) catalog.db.insert(profiles).values({ ...BUILT_IN_PROFILE }).run();
      ensureIdentity(lib); // library id + root marker: new libraries now, existing ones once their files are proven there
      if (!existed) opts.onCreate?.(lib);
    }
    log.info('library opened', { root: abs, schema: catalog.schemaVersion, writer: opts.writer ?? null });
    return lib;
  }

  get root(): string {
    return this.paths.root;
  }

  get db() {
    return this.catalog.db;
  }

  get sqlite() {
    return this.catalog.sqlite;
  }

  settings(): LibrarySettings {
    return readLibrarySettings(this.sqlite);
  }

  updateSettings(patch: unknown): LibrarySettings {
    return writeLibrarySettings(this.sqlite, patch);
  }

  /** The root is reachable (a vanished mount or renamed folder makes a library offline). */
  isOnline(): boolean {
    try {
      return fs.statSync(this.paths.catalog()).isFile();
    } catch {
      return false;
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.catalog.close();
    } finally {
      this.lock?.release();
    }
  }
}
