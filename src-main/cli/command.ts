import type { ParseArgsOptionsConfig } from 'node:util';
import type { Library } from '@core/catalog/library';
import { anyUnfinishedWork } from '@core/catalog/repositories/recovery';
import type { Logger } from '../core/log/logger';

export class UsageError extends Error {
  override name = 'UsageError';
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface CliContext {
  /** Absolute library root from --library, RECLIB_LIBRARY, or the default library. */
  library: string;
  json: boolean;
  log: Logger;
  /** Progress lines for people; stderr, so stdout stays one JSON document. */
  progress(line: string): void;
  signal: AbortSignal;
}

export interface CommandResult {
  json: unknown;
  text: string;
  /** Non-zero when the command ran but reports a failure (e.g. verify found drift). */
  exitCode?: number;
  /** The last line of a stream of JSON lines (`watch`): printed on one line like the events before it. */
  jsonLine?: boolean;
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options?: ParseArgsOptionsConfig;
  /**
   * How the command meets its library. 'existing' (the default): a folder without a catalog is
   * refused before the command runs — only `init` ('creates') makes a library, so an empty mount
   * point never becomes one. 'own': the command checks for itself (`catalog restore` must work
   * where the catalog is damaged or gone).
   */
  library?: 'existing' | 'creates' | 'own';
  run(ctx: CliContext, positionals: string[], values: OptionValues): Promise<CommandResult>;
}

export function str(values: OptionValues, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

export function strs(values: OptionValues, key: string): string[] {
  const v = values[key];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

export function flag(values: OptionValues, key: string): boolean {
  return values[key] === true;
}

export function positiveInt(value: string, what: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new UsageError(`${what} must be a positive whole number, got "${value}"`);
  return Number(value);
}

/**
 * Opens the library for one command and always closes it (releasing the writer lock). A writing
 * command first makes the day's catalog backup when none is younger than a day, so people who use
 * only the CLI get daily backups too, then runs the one recovery (services/recovery.ts) before its
 * own work; a reading command gets the recovery too when nobody else is writing, so it reads whole
 * state after a kill.
 */
export async function withLibrary<T>(ctx: CliContext, opts: { writer?: string; create?: boolean; onCreate?: (lib: Library) => void }, fn: (lib: Library) => Promise<T> | T): Promise<T> {
  let lib = await openForCommand(ctx, opts);
  if (!opts.writer && !opts.create && anyUnfinishedWork(lib.sqlite)) {
    // Rare (a kill left work behind): the recovery stack loads only now, then the reader opens again.
    lib.close();
    await (await import('@core/services/recovery')).recoverBeforeReading(ctx.library, ctx.log);
    lib = await openForCommand(ctx, opts);
  }
  try {
    return await fn(lib);
  } finally {
    lib.close();
  }
}

/** The writing side of withLibrary: open, the day's backup, the recovery; the caller closes it. */
export async function openForCommand(ctx: CliContext, opts: { writer?: string; create?: boolean; onCreate?: (lib: Library) => void }): Promise<Library> {
  // The catalog stack (SQLite, drizzle, recovery) loads with the first command that opens a library,
  // not with every command (`serve` leaves it to its host, `--help` needs none of it).
  const { Library } = await import('@core/catalog/library');
  const lib = Library.open(ctx.library, { ...opts, log: ctx.log });
  try {
    if (opts.writer && !opts.create && !lib.readonly) {
      // (Not for a library made just now: an empty catalog is nothing to keep, nor to recover.)
      const [{ backupIfDue }, { recover }] = await Promise.all([import('@core/catalog/daily-backup'), import('@core/services/recovery')]);
      await backupIfDue(lib.sqlite, lib.root, ctx.log);
      await recover(lib);
    }
    return lib;
  } catch (err) {
    lib.close();
    throw err;
  }
}
