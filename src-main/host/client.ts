/**
 * The parent's side of the core host: requests with their answers, contract events, the host's
 * start phases, and what happens when the host dies (every waiting request is answered with a
 * plain error, and onExit listeners hear it). Electron's main process and `reclib serve` both use it.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Envelope } from '@shared/channel';
import type { Platform } from '../core/services/app';
import { type Activity, type FromHost, HOST_OPTIONS_ENV, type HostOptions, type HostStatus, type MediaReply, type ToHost } from './protocol';

export interface HostExit {
  code: number | null;
  signal: string | null;
}

/** A started host process, whatever started it (fork or utilityProcess). */
export interface HostChannel {
  send(msg: ToHost): void;
  onMessage(listener: (msg: FromHost) => void): void;
  onExit(listener: (exit: HostExit) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/** The host entry beside this module: main.ts from source, host.js in a build (out/main/). */
export function hostEntry(): string {
  if (import.meta.url.endsWith('.ts')) return path.join(here, 'main.ts');
  for (const candidate of [path.join(here, 'host.js'), path.join(here, '..', 'host.js')]) if (fs.existsSync(candidate)) return candidate;
  throw new Error(`The Reclib host (host.js) is not beside ${here}: run \`npm run build\` again.`);
}

/** Starts a host under Node's child_process.fork (browser mode, tests). */
export function forkHost(opts: HostOptions, extra: { env?: NodeJS.ProcessEnv; entry?: string } = {}): HostChannel {
  const entry = extra.entry ?? hostEntry();
  const execArgv = entry.endsWith('.ts') ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : [];
  const child = fork(entry, [], {
    env: { ...process.env, ...extra.env, [HOST_OPTIONS_ENV]: JSON.stringify(opts) },
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });
  return {
    send: (msg) => {
      if (child.connected) child.send(msg);
    },
    onMessage: (l) => child.on('message', (m) => l(m as FromHost)),
    onExit: (l) => child.on('exit', (code, signal) => l({ code, signal })),
    kill: () => void child.kill('SIGKILL'),
    get pid() {
      return child.pid;
    },
  };
}

type Pending = { kind: 'reply'; resolve: (e: Envelope<unknown>) => void } | { kind: 'media'; resolve: (r: MediaReply) => void } | { kind: 'other'; resolve: (v: unknown) => void };

export class HostClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  private changeCount = 0;
  private readonly statusListeners = new Set<(s: HostStatus) => void>();
  private readonly exitListeners = new Set<(e: HostExit) => void>();
  private current: HostStatus | null = null;
  private exitInfo: HostExit | null = null;
  private stopped = false;

  constructor(
    private readonly channel: HostChannel,
    private readonly platform: Platform = { pick: () => Promise.resolve(null), reveal: () => Promise.resolve(false) },
  ) {
    channel.onMessage((msg) => this.receive(msg));
    channel.onExit((exit) => this.exited(exit));
  }

  get pid(): number | undefined {
    return this.channel.pid;
  }

  /** The host's last reported phase (null before its first report). */
  get status(): HostStatus | null {
    return this.current;
  }

  /** Set once the host process has ended. */
  get exit(): HostExit | null {
    return this.exitInfo;
  }

  /** True when the host ended without being asked to stop. */
  get died(): boolean {
    return this.exitInfo !== null && !this.stopped;
  }

  request(channel: string, payload: unknown): Promise<Envelope<unknown>> {
    if (this.exitInfo) return Promise.resolve(this.deadEnvelope());
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { kind: 'reply', resolve });
      this.channel.send({ t: 'request', id, channel, payload });
    });
  }

  media(p: string, range: string | null): Promise<MediaReply> {
    if (this.exitInfo) return Promise.resolve(this.deadMedia());
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { kind: 'media', resolve });
      this.channel.send({ t: 'media', id, path: p, range });
    });
  }

  /** Jobs that quitting would stop. */
  activity(): Promise<Activity> {
    return this.other<Activity>((id) => ({ t: 'activity', id }), { running: [] });
  }

  /** Sets (or, with null, clears) environment variables in the host (tests, the FFmpeg self-test). */
  async setEnv(set: Record<string, string | null>): Promise<void> {
    await this.other<unknown>((id) => ({ t: 'env', id, set }), undefined);
  }

  /**
   * Asks the host to cancel its jobs (they undo themselves) and close the library, then ends it.
   * Resolves when the process is gone; `waitMs` bounds the wait, after which it is killed (the
   * journal finishes what was cut short on the next start).
   */
  async stop(waitMs: number): Promise<'stopped' | 'killed'> {
    if (this.exitInfo) return 'stopped';
    this.stopped = true;
    const gone = new Promise<void>((resolve) => this.onExit(() => resolve()));
    const closed = this.other<unknown>((id) => ({ t: 'stop', id }), undefined);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
    const outcome = await Promise.race([closed.then(() => 'closed' as const), deadline]);
    clearTimeout(timer);
    this.channel.kill();
    await gone;
    return outcome === 'closed' ? 'stopped' : 'killed';
  }

  /**
   * How many `library:changed` events the host has sent since it started. A page compares the
   * count its answers were read at with the count when its event stream opens (serve/server.ts):
   * a change in between (the startup scan's) would otherwise never reach it.
   */
  get changes(): number {
    return this.changeCount;
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    const set = this.eventListeners.get(event) ?? new Set();
    set.add(listener);
    this.eventListeners.set(event, set);
    return () => set.delete(listener);
  }

  onStatus(listener: (s: HostStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onExit(listener: (e: HostExit) => void): () => void {
    if (this.exitInfo) {
      listener(this.exitInfo);
      return () => undefined;
    }
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  /** Resolves with the first status (the current one included) that matches, or rejects if the host ends first. */
  whenStatus(match: (s: HostStatus) => boolean): Promise<HostStatus> {
    if (this.current && match(this.current)) return Promise.resolve(this.current);
    return new Promise((resolve, reject) => {
      const offExit = this.onExit((e) => {
        offStatus();
        reject(new Error(this.deathMessage(e)));
      });
      const offStatus = this.onStatus((s) => {
        if (!match(s)) return;
        offStatus();
        offExit();
        resolve(s);
      });
    });
  }

  /** The sentence people see when the host ended on its own. */
  deathMessage(e: HostExit | null = this.exitInfo): string {
    const how = e?.signal ? `was stopped by ${e.signal}` : `exited with code ${e?.code ?? '?'}`;
    const log = this.current?.logFile ? ` Its log is ${this.current.logFile}.` : '';
    return `Reclib's library process ${how}. Nothing was lost: interrupted work is finished when it starts again. Restart Reclib.${log}`;
  }

  private other<T>(make: (id: number) => ToHost, whenDead: T): Promise<T> {
    if (this.exitInfo) return Promise.resolve(whenDead);
    return new Promise((resolve) => {
      const id = this.nextId++;
      this.pending.set(id, { kind: 'other', resolve: (v) => resolve((v ?? whenDead) as T) });
      this.channel.send(make(id));
    });
  }

  private receive(msg: FromHost): void {
    switch (msg.t) {
      case 'status':
        this.current = msg.status;
        for (const l of [...this.statusListeners]) l(msg.status);
        return;
      case 'event':
        if (msg.name === 'library:changed') this.changeCount++;
        for (const l of [...(this.eventListeners.get(msg.name) ?? [])]) l(msg.payload);
        return;
      case 'platform':
        void this.answerPlatform(msg.id, msg.op, msg.args);
        return;
      case 'reply':
      case 'media:reply':
      case 'activity:reply':
      case 'stopped':
      case 'env:reply': {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        if (!p) return;
        if (p.kind === 'reply' && msg.t === 'reply') p.resolve(msg.envelope);
        else if (p.kind === 'media' && msg.t === 'media:reply') p.resolve(msg.reply);
        else if (p.kind === 'other') p.resolve(msg.t === 'activity:reply' ? msg.activity : undefined);
        return;
      }
    }
  }

  private async answerPlatform(id: number, op: 'pick' | 'reveal', args: unknown[]): Promise<void> {
    let value: unknown;
    try {
      value = op === 'pick' ? await this.platform.pick(args[0] as 'folder' | 'files', (args[1] as string | null) ?? undefined) : await this.platform.reveal(String(args[0]));
    } catch {
      value = op === 'pick' ? null : false;
    }
    this.channel.send({ t: 'platform:reply', id, value });
  }

  private deadEnvelope(): Envelope<unknown> {
    return { ok: false, error: { message: this.stopped ? 'Reclib is closing.' : this.deathMessage(), code: 'EHOSTDIED' } };
  }

  private deadMedia(): MediaReply {
    return { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' }, text: this.deadEnvelope().ok ? '' : 'the library process is not running', file: null };
  }

  private exited(exit: HostExit): void {
    this.exitInfo = exit;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      if (p.kind === 'reply') p.resolve(this.deadEnvelope());
      else if (p.kind === 'media') p.resolve(this.deadMedia());
      else p.resolve(undefined);
    }
    for (const l of [...this.exitListeners]) l(exit);
    this.exitListeners.clear();
  }
}
