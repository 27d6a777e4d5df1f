/**
 * `reclib process <id>`: the first recording's silence analysis starts as the command launches,
 * before the catalog layer, the job queue and the pipeline have loaded, and the job takes it when
 * it would have started the very same one (core/tools/launch-looks.ts). Only what the analysis
 * needs is read: the source's path and duration and the trim settings, with a read-only connection
 * that never waits for a lock. Anything this does not expect (an option it does not know, no
 * catalog, a busy or damaged one, no such recording) starts nothing: the command then runs, and
 * refuses, exactly as it would have.
 */
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';

interface Target {
  /** null: none was named, the command opens its default library. */
  root: string | null;
  id: number;
}

/** The library and first recording of `process` arguments; null for anything but ids and known flags. */
export function launchTarget(args: readonly string[], env: NodeJS.ProcessEnv): Target | null {
  let library: string | null = null;
  let id: number | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--library') library = args[++i] ?? null;
    else if (a.startsWith('--library=')) library = a.slice('--library='.length);
    else if (a === '--json' || a === '--verbose' || a === '-v') continue;
    else if (/^[1-9]\d{0,14}$/.test(a)) id ??= Number(a);
    // --all, --help, anything unknown: the command decides, and needs no early start.
    else return null;
  }
  if (id === null || library === '') return null;
  library ??= env.RECLIB_LIBRARY || null;
  return library === null ? { root: null, id } : { root: path.resolve(library), id };
}

export async function startLaunchLook(args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  if (env.RECLIB_LAUNCH_LOOK === '0') return;
  const target = launchTarget(args, env);
  if (!target) return;
  const [{ default: Sqlite }, { CATALOG_FILE, LibraryPaths }, { readLibrarySettings }, { effectiveTrim }, { processingRecording }, { sourceFileOf }, { resolveMediaTools }, { prestartLook }] =
    await Promise.all([
      import('better-sqlite3'),
      import('@core/storage/paths'),
      import('@core/catalog/repositories/settings/settings'),
      import('@core/templates/processing'),
      import('@core/catalog/repositories/recordings/processing'),
      import('@core/catalog/repositories/files/processing'),
      import('@core/tools/binaries'),
      import('@core/tools/launch-looks'),
    ]);
  // The library the command will open when none is named (as cli/main.ts finds it).
  const root = target.root ?? path.resolve((await import('../core/settings/app-settings')).cliDefaultLibrary(env, os.homedir()));
  let db: Database.Database | null = null;
  try {
    db = new Sqlite(path.join(root, CATALOG_FILE), { readonly: true, fileMustExist: true, timeout: 0 });
    const sqlite = db;
    const rec = processingRecording(sqlite, target.id);
    const rel = sourceFileOf(sqlite, target.id);
    if (!rec || rel === null || !(rec.durationMs > 0)) return;
    const trim = effectiveTrim({ sqlite, settings: () => readLibrarySettings(sqlite) }, target.id);
    const file = new LibraryPaths(root).abs(rel);
    prestartLook(resolveMediaTools(env), file, rec.durationMs / 1000, trim);
  } catch {
    // Whatever went wrong here, the command meets it again and says so in its own words.
  } finally {
    db?.close();
  }
}
