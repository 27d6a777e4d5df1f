/**
 * The core host: opens the library and serves the contract over its port. Everything that touches
 * SQLite runs here, never in the process that draws the window. Requests that arrive while the
 * library is still opening (or finishing interrupted work) wait for it and are then answered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { EVENT_NAMES } from '@shared/channel-names';
import type { EventName } from '@shared/contract';
import { errorMessage } from '@shared/errors';
import { AppCore, type Platform } from '../core/services/app';
import { hasUnfinishedWorkAt } from '../core/services/recovery';
import { createLogger } from '../core/log/logger';
import { AppSettingsStore } from '../core/settings/app-settings';
import { installDefaultTemplates } from '../core/templates/install';
import type { HostPort } from './port';
import { HOST_HOLD_ENV, type HostOptions, type HostPhase, type HostStatus, type MediaReply, type ToHost } from './protocol';
import { startTarget } from './start-target';

/** The parent's dialogs and file manager, asked over the port; `answer` settles an ask with the parent's reply. */
function platformOverPort(port: HostPort): { platform: Platform; answer(id: number, value: unknown): void } {
  let nextAsk = 1;
  const asks = new Map<number, (value: unknown) => void>();
  const ask = (op: 'pick' | 'reveal', args: unknown[]) =>
    new Promise<unknown>((resolve) => {
      const id = nextAsk++;
      asks.set(id, resolve);
      port.send({ t: 'platform', id, op, args });
    });
  return {
    platform: {
      pick: async (kind, title) => (await ask('pick', [kind, title ?? null])) as string[] | null,
      reveal: async (p) => (await ask('reveal', [p])) === true,
    },
    answer(id, value) {
      asks.get(id)?.(value);
      asks.delete(id);
    },
  };
}

/**
 * What the host needs only once it answers (every handler, the media route, the FFmpeg self-test),
 * loaded after it reports ready: parsing the handlers and everything they import is most of a
 * start-up, and nothing on the way to an open library needs them. Loaded once, on the first ask.
 */
let answering: Promise<[typeof import('../handlers/dispatch'), typeof import('../core/services/media-route')]> | null = null;
const answerModules = () => (answering ??= Promise.all([import('../handlers/dispatch'), import('../core/services/media-route')]));

/** A media request answered by name and range: the relay in the parent streams the file itself. */
async function mediaReply(core: AppCore, p: string, range: string | null, stopping: boolean): Promise<MediaReply> {
  const [, { parseMediaPath, serveMedia }] = await answerModules();
  const target = parseMediaPath(p);
  if (!target || !core.isOpen || stopping) return { status: 404, headers: { 'content-type': 'text/plain' }, text: 'not found', file: null };
  const res = serveMedia(core.lib, target.id, target.kind, range);
  if (res.body === null || typeof res.body === 'string') return { status: res.status, headers: res.headers, text: res.body, file: null };
  const stream = res.body as fs.ReadStream;
  const file = String(stream.path);
  stream.destroy();
  const m = /^bytes (\d+)-(\d+)\//.exec(res.headers['content-range'] ?? '');
  const size = Number(res.headers['content-length'] ?? '0');
  return { status: res.status, headers: res.headers, text: null, file: { path: file, start: m ? Number(m[1]) : 0, end: m ? Number(m[2]) : size - 1 } };
}

export async function runHost(port: HostPort, opts: HostOptions): Promise<void> {
  const appSettings = new AppSettingsStore(opts.userData);
  const logFile = opts.logDir ? path.join(opts.logDir, 'reclib.log') : null;
  const log = createLogger({ dir: opts.logDir ?? undefined, level: appSettings.read().logLevel, console: (l) => process.stderr.write(l + '\n') });
  const core = new AppCore({
    log,
    owner: opts.owner,
    onLibraryCreated: (lib) => installDefaultTemplates(lib, opts.resources),
    // A move resumed on open (issue 16) is remembered like one started from the dialog.
    rememberMove: async (from, to) => {
      await appSettings.moveLibrary(from, to);
      await appSettings.rememberLibrary(to);
    },
  });
  const target = startTarget({ named: opts.library, settings: appSettings.read(), videosDir: opts.videosDir, firstRunCreates: opts.firstRunCreates });

  let status: HostStatus = { phase: 'starting', root: path.resolve(target.root), library: null, logFile };
  const setStatus = (patch: Partial<HostStatus>) => {
    status = { ...status, ...patch };
    port.send({ t: 'status', status });
  };

  const { platform, answer } = platformOverPort(port);

  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  // Test hook (HOST_HOLD_ENV): hold in a phase until the parent clears the variable.
  let release: (() => void) | null = null;
  const holdIn = async (phase: HostPhase) => {
    if (process.env[HOST_HOLD_ENV] !== phase) return;
    await new Promise<void>((resolve) => (release = resolve));
  };

  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= (async () => {
    setStatus({ phase: 'stopping' });
    await core.closeAsync();
  })());

  const handle = async (msg: ToHost): Promise<void> => {
    switch (msg.t) {
      case 'platform:reply':
        answer(msg.id, msg.value);
        return;
      case 'env':
        for (const [k, v] of Object.entries(msg.set)) {
          if (v === null) Reflect.deleteProperty(process.env, k);
          else process.env[k] = v;
        }
        if (process.env[HOST_HOLD_ENV] === undefined && release) {
          const go: () => void = release;
          release = null;
          go();
        }
        port.send({ t: 'env:reply', id: msg.id });
        return;
      case 'activity': {
        const running = core.isOpen ? core.queue.active().map((j) => ({ id: j.id, title: j.title })) : [];
        port.send({ t: 'activity:reply', id: msg.id, activity: { running } });
        return;
      }
      case 'stop':
        await stop();
        port.send({ t: 'stopped', id: msg.id });
        return;
      case 'request': {
        await ready;
        const [{ dispatch }] = await answerModules();
        const envelope = stopping
          ? { ok: false as const, error: { message: 'Reclib is closing the library; try again after it restarts.', code: 'ESTOPPING' } }
          : await dispatch(msg.channel, msg.payload, { app: core, platform, appSettings, log });
        port.send({ t: 'reply', id: msg.id, envelope });
        return;
      }
      case 'media':
        await ready;
        port.send({ t: 'media:reply', id: msg.id, reply: await mediaReply(core, msg.path, msg.range, stopping !== null) });
        return;
    }
  };

  port.onMessage((msg) => {
    handle(msg).catch((err: unknown) => {
      log.error('the host could not answer', { kind: msg.t, error: errorMessage(err) });
      if (msg.t === 'request') port.send({ t: 'reply', id: msg.id, envelope: { ok: false, error: { message: String(err), code: 'EHOST' } } });
      if (msg.t === 'media') port.send({ t: 'media:reply', id: msg.id, reply: { status: 500, headers: { 'content-type': 'text/plain' }, text: String(err), file: null } });
    });
  });
  // Without its parent nobody can reach this process: release the library (and its writer lock).
  port.onDisconnect(() => void stop().finally(() => process.exit(0)));

  for (const name of EVENT_NAMES) core.events.on(name, (payload: unknown) => port.send({ t: 'event', name: name as EventName, payload }));

  const phase: HostPhase = hasUnfinishedWorkAt(status.root, log) ? 'recovering' : 'opening';
  setStatus({ phase });
  await holdIn(phase);
  const lib = await core.start(status.root, { create: target.create });
  if (lib) {
    await appSettings.rememberLibrary(lib.root).catch((err: unknown) => log.warn('could not remember the library in the app settings', { error: String(err) }));
  }
  setStatus({ phase: 'ready', library: core.status.state });
  markReady();
  // While the page loads: the modules that answer, then the FFmpeg self-test (in the background; the
  // UI asks for its result, media:status). Usually a cache read: a passed test is kept per binary.
  void answerModules()
    .then(() => import('../core/tools/selftest'))
    .then((m) => m.mediaStatus())
    .catch((err: unknown) => log.warn('the host could not load what answers requests', { error: errorMessage(err) }));
}
