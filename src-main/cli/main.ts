import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { catalogDamagedMessage } from '@core/catalog/backup-files';
import { dropStamp, isCorruption } from '@core/catalog/check';
import { requireLibrary } from '@core/catalog/presence';
import { createLogger } from '../core/log/logger';
import { pendingNote, readPending } from '../core/relocate/pending';
import { hasDiskFullCode } from '../core/storage/disk-full';
import { CATALOG_FILE } from '../core/storage/paths';
import { type CliContext, type Command, type OptionValues, UsageError } from './command';
import { loadAllCommands, loadCommand } from './commands/index';
import { errorMessage } from '@shared/errors';

// require, not import: an ES import of node:util builds its export list by reading every lazy
// property, which loads worker_threads and more (~5 ms of every command's start-up).
const { parseArgs } = createRequire(import.meta.url)('node:util') as typeof import('node:util');

const GLOBAL_OPTIONS = {
  library: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  verbose: { type: 'boolean', short: 'v' },
} as const;

async function helpText(): Promise<string> {
  const commands = await loadAllCommands();
  return [
    'reclib — a library of meeting and lecture recordings',
    '',
    'Usage: reclib <command> [options] [--library DIR] [--json]',
    '',
    ...commands.map((c) => `  ${c.usage.padEnd(64)} ${c.summary}`),
    '',
    'The library is --library DIR, else $RECLIB_LIBRARY, else the one the app opened last, else ~/Videos/Reclib Library.',
    'With --json one JSON document is printed on stdout. Errors go to stderr: exit 1, usage errors exit 2.',
  ].join('\n');
}

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

export async function runCli(argv: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout((await helpText()) + '\n');
    return name === undefined ? 2 : 0;
  }
  let json = rest.includes('--json');
  let library: string | null = null;
  try {
    const command: Command | undefined = await loadCommand(name);
    if (!command) throw new UsageError(`unknown command "${name}" (see reclib --help)`);
    let parsed: { values: OptionValues; positionals: string[] };
    try {
      parsed = parseArgs({ args: rest, options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true }) as typeof parsed;
    } catch (err) {
      throw new UsageError(errorMessage(err));
    }
    if (parsed.values.help === true) {
      io.stdout(`${command.usage}\n  ${command.summary}\n`);
      return 0;
    }
    json = parsed.values.json === true;
    const libraryArg = typeof parsed.values.library === 'string' ? parsed.values.library : io.env.RECLIB_LIBRARY || undefined;
    // The app settings module (and its schema) loads only when no library was named.
    const root = path.resolve(libraryArg ?? (await import('../core/settings/app-settings')).cliDefaultLibrary(io.env, os.homedir()));
    library = root;
    const log = createLogger({ level: parsed.values.verbose === true ? 'debug' : 'warn', console: (l) => io.stderr(l + '\n') });
    const guarded = (command.library ?? 'existing') === 'existing';
    const ctx: CliContext = {
      // Checked when the command first asks for its library (after its own usage checks, before it
      // opens anything): a folder without a catalog is refused whatever the command would do with it.
      get library() {
        if (guarded) requireLibrary(root);
        return root;
      },
      json,
      log,
      progress: (l) => io.stderr(l + '\n'),
      signal,
    };
    // An interrupted move of this library (issue 16): every command says so, and how to finish it.
    const moving = command.name === 'relocate' ? null : readPending(root);
    if (moving) {
      const note = pendingNote(root, moving);
      io.stderr(json ? JSON.stringify({ note }) + '\n' : `reclib: note: ${note}\n`);
    }
    const result = await command.run(ctx, parsed.positionals, parsed.values);
    io.stdout((json ? JSON.stringify(result.json, null, result.jsonLine ? undefined : 2) : result.text) + '\n');
    return result.exitCode ?? 0;
  } catch (err) {
    let message = errorMessage(err);
    // A page SQLite finds damaged mid-command (the open-time check passed on an unchanged file):
    // the same message and way back as a damage found on open, and a full check next time.
    if (isCorruption(err) && library !== null) {
      dropStamp(path.join(library, CATALOG_FILE));
      message = catalogDamagedMessage(library, message);
    } else if (rawDiskFull(err)) {
      message = `The disk is full (${message}). Free some space on it and try again; anything left half-done is finished or undone by the next command.`;
    }
    if (json) io.stderr(JSON.stringify({ error: message }) + '\n');
    else io.stderr(`reclib: ${message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }
}

/** A raw out-of-space error no layer turned into words (any layer that did keeps its own message). */
function rawDiskFull(err: unknown): boolean {
  if (err instanceof Error && err.name === 'FileOpError') return false;
  return hasDiskFullCode(err);
}
