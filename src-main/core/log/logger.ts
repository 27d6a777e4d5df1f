/**
 * Structured logging: JSON lines to a rotating file (for bug reports) and readable text on the
 * console (for people). Context such as jobId or recordingId rides along on child loggers.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LogLevel } from '@shared/settings';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogContext = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(msg: string, ctx?: LogContext): void;
  info(msg: string, ctx?: LogContext): void;
  warn(msg: string, ctx?: LogContext): void;
  error(msg: string, ctx?: LogContext): void;
  child(ctx: LogContext): Logger;
  setLevel(level: LogLevel): void;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Folder for reclib.log; no file when omitted. */
  dir?: string;
  /** Console sink; stderr by default so CLI stdout stays clean JSON. */
  console?: ((line: string) => void) | null;
  maxBytes?: number;
  keep?: number;
}

class RotatingFile {
  private fd: number;
  private size: number;

  constructor(
    private readonly file: string,
    private readonly maxBytes: number,
    private readonly keep: number,
  ) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.fd = fs.openSync(file, 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  write(line: string): void {
    const buf = Buffer.from(line + '\n');
    if (this.size + buf.length > this.maxBytes) this.rotate();
    fs.writeSync(this.fd, buf);
    this.size += buf.length;
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    for (let i = this.keep - 1; i >= 1; i--) {
      const from = `${this.file}.${i}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${this.file}.${i + 1}`);
    }
    fs.renameSync(this.file, `${this.file}.1`);
    this.fd = fs.openSync(this.file, 'a');
    this.size = 0;
  }
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const state = { level: opts.level ?? 'info' };
  const file = opts.dir ? new RotatingFile(path.join(opts.dir, 'reclib.log'), opts.maxBytes ?? 5 * 1024 * 1024, opts.keep ?? 3) : null;
  const sink = opts.console === undefined ? (line: string) => process.stderr.write(line + '\n') : opts.console;

  const make = (base: LogContext): Logger => {
    const emit = (level: LogLevel, msg: string, ctx?: LogContext) => {
      if (ORDER[level] < ORDER[state.level]) return;
      const all = { ...base, ...ctx };
      const time = new Date().toISOString();
      file?.write(JSON.stringify({ time, level, msg, ...all }));
      if (sink) {
        const extras = Object.entries(all)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ');
        sink(`${time.slice(11, 19)} ${level.toUpperCase().padEnd(5)} ${msg}${extras ? ` (${extras})` : ''}`);
      }
    };
    return {
      debug: (m, c) => emit('debug', m, c),
      info: (m, c) => emit('info', m, c),
      warn: (m, c) => emit('warn', m, c),
      error: (m, c) => emit('error', m, c),
      child: (ctx) => make({ ...base, ...ctx }),
      setLevel: (level) => {
        state.level = level;
      },
    };
  };
  return make({});
}

export const silentLogger: Logger = createLogger({ console: null, level: 'error' });
