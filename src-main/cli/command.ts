import type { ParseArgsOptionsConfig } from 'node:util';
import { Library } from '../core/library/library';
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
}

export interface Command {
  name: string;
  usage: string;
  summary: string;
  options?: ParseArgsOptionsConfig;
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

/** Opens the library for one command and always closes it (releasing the writer lock). */
export async function withLibrary<T>(ctx: CliContext, opts: { writer?: string; create?: boolean; onCreate?: (lib: Library) => void }, fn: (lib: Library) => Promise<T> | T): Promise<T> {
  const lib = Library.open(ctx.library, { ...opts, log: ctx.log });
  try {
    return await fn(lib);
  } finally {
    lib.close();
  }
}
