/** `reclib watch --json` as a child process, its JSON lines collected as events to wait on. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';

const repo = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repo, 'node_modules/tsx/dist/loader.mjs');

export type WatchEvent = { event: string; [k: string]: unknown };

export class WatchChild {
  readonly events: WatchEvent[] = [];
  private readonly child: ChildProcess;
  private buffer = '';
  private stderr = '';
  private waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(library: string) {
    this.child = spawn(process.execPath, ['--import', tsx, path.join(repo, 'src-main/cli.ts'), 'watch', '--json', '--library', library], {
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repo, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      this.buffer += d;
      let i: number;
      while ((i = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, i);
        this.buffer = this.buffer.slice(i + 1);
        // JSON Lines: every line of stdout is one whole event (a line that is not fails the test).
        if (line.trim()) this.events.push(JSON.parse(line) as WatchEvent);
      }
      this.wake();
    });
    this.child.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.child.once('close', (code) => {
      this.wake();
      resolve(code);
    }));
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The first event (from index `from` on) the predicate accepts; fails if the child exits first. */
  async waitFor(pred: (e: WatchEvent) => boolean, from = 0, timeoutMs = 90_000): Promise<WatchEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.slice(from).find(pred);
      if (hit) return hit;
      if (this.child.exitCode !== null) throw new Error(`reclib watch exited (${this.child.exitCode}): ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(this.events)}; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 1000);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** SIGTERM: the clean way out; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }

  get errors(): string {
    return this.stderr;
  }
}

/** Rows of the catalog, read from the SQLite file while watch holds it (WAL readers never block). */
export function recordingRows(library: string): { id: number; name: string; size: number; status: string }[] {
  const db = new Database(path.join(library, 'catalog.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT id, display_name AS name, size_bytes AS size, status FROM recordings ORDER BY id').all() as { id: number; name: string; size: number; status: string }[];
  } finally {
    db.close();
  }
}
