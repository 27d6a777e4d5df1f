/**
 * `reclib inbox add|list|remove|settings` (the watched folders, stored in the catalog) and
 * `reclib watch` (the library watcher, the inbox and the cleanup schedules in the foreground).
 */
import type { InboxActivity } from '@core/services/inbox-session';
import { rememberMove } from '@core/relocate/switch';
import { AppCore } from '@core/services/app';
import { addInboxFolder, InboxError, removeInboxFolder } from '@core/inbox/folders';
import { inboxStatusNow } from '@core/inbox/status';
import type { InboxFolderStatus } from '@shared/inbox';
import { type Command, flag, positiveInt, str, UsageError, withLibrary } from '../command';

const USAGE = 'reclib inbox add <dir> [--move] [--profile N] [--process] [--transcribe] | list | remove <dir> | settings [--stable-ms N]';

function folderLine(f: InboxFolderStatus): string {
  const opts = [f.move ? 'move' : 'copy', `profile ${f.profileId}`, f.process ? 'process' : '', f.transcribe ? 'transcribe' : ''].filter(Boolean).join(', ');
  return `${f.state === 'online' ? 'online ' : 'OFFLINE'}  ${f.path}  (${opts}; ${f.seen} handled)${f.reason ? ` — ${f.reason}` : ''}`;
}

/** Input mistakes are usage errors (exit 2), not failures of the library. */
function asUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof InboxError) throw new UsageError(err.message);
    throw err;
  }
}

export const inboxCommand: Command = {
  name: 'inbox',
  usage: USAGE,
  summary: 'watched inbox folders: finished recordings dropped there are imported by `reclib watch` and the app',
  options: { move: { type: 'boolean' }, profile: { type: 'string' }, process: { type: 'boolean' }, transcribe: { type: 'boolean' }, 'stable-ms': { type: 'string' } },
  async run(ctx, positionals, values) {
    const [sub, ...rest] = positionals;
    if (sub === 'add' || sub === 'remove') {
      if (rest.length !== 1) throw new UsageError(`inbox ${sub} needs exactly one folder`);
      const dir = rest[0]!;
      return withLibrary(ctx, { writer: `reclib inbox ${sub}` }, (lib) => {
        if (sub === 'remove') {
          const f = asUsage(() => removeInboxFolder(lib, dir));
          return { json: { removed: f }, text: `No longer watching ${f.path} (its recordings stay in the library).` };
        }
        const profileId = positiveInt(str(values, 'profile') ?? '1', '--profile');
        const f = asUsage(() => addInboxFolder(lib, { path: dir, move: flag(values, 'move'), profileId, process: flag(values, 'process'), transcribe: flag(values, 'transcribe') }));
        return { json: { added: f }, text: `Watching ${f.path} (${f.move ? 'move' : 'copy'} into profile ${f.profileId}). \`reclib watch\` or the app imports what is dropped there.` };
      });
    }
    if (sub === 'list') {
      if (rest.length) throw new UsageError('inbox list takes no arguments');
      return withLibrary(ctx, {}, (lib) => {
        const folders = inboxStatusNow(lib);
        return { json: { folders, stableMs: lib.settings().inbox.stableMs }, text: folders.length ? folders.map(folderLine).join('\n') : 'No inbox folders. Add one: reclib inbox add <dir>' };
      });
    }
    if (sub === 'settings') {
      const raw = str(values, 'stable-ms');
      const stableMs = raw === undefined ? undefined : positiveInt(raw, '--stable-ms');
      if (stableMs !== undefined && (stableMs < 100 || stableMs > 3_600_000)) throw new UsageError('--stable-ms must be between 100 and 3600000');
      return withLibrary(ctx, stableMs === undefined ? {} : { writer: 'reclib inbox settings' }, (lib) => {
        const s = stableMs === undefined ? lib.settings().inbox : lib.updateSettings({ inbox: { stableMs } }).inbox;
        return { json: s, text: `A recording is imported once its files stayed unchanged for ${s.stableMs} ms.` };
      });
    }
    throw new UsageError(`usage: ${USAGE}`);
  },
};

function activityLine(a: InboxActivity): string | null {
  switch (a.event) {
    case 'handled':
      if (a.outcome === 'imported') return `imported ${a.recordingIds.map((id) => `#${id}`).join(', ')} from ${a.folder} : ${a.name}`;
      return `${a.outcome} ${a.folder} : ${a.name} (${a.reason ?? 'no reason given'})`;
    case 'online':
      return `watching ${a.folder}`;
    case 'offline':
      return `offline ${a.folder}: ${a.reason ?? 'not there'} (watched again when it is back)`;
    case 'waiting':
      return a.first ? `waiting for ${a.folder} : ${a.name} to stop changing` : null;
  }
}

export const watchCommand: Command = {
  name: 'watch',
  usage: 'reclib watch [--json]',
  summary: 'run the library watcher, the inbox folders and the cleanup schedules in the foreground until Ctrl-C; one line per import (--json: JSON lines)',
  async run(ctx) {
    const out = (a: InboxActivity | { event: string; [k: string]: unknown }) => {
      if (ctx.json) process.stdout.write(JSON.stringify(a) + '\n');
      else {
        const line = 'folder' in a || a.event === 'handled' ? activityLine(a as InboxActivity) : null;
        if (line) process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
      }
    };
    let imported = 0;
    const core = new AppCore({
      log: ctx.log,
      owner: 'reclib watch',
      // A move of the library found unfinished is resumed on open; its switch is remembered as the CLI's.
      rememberMove: async (from, to) => void (await rememberMove(from, to)),
      inbox: {
        onActivity: (a) => {
          if (a.event === 'handled') imported += a.recordingIds.length;
          out(a);
        },
      },
    });
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGTERM', () => resolve());
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    // A library that goes away (an unplugged disk) stops the watchers, and with them everything that
    // kept this process alive: it would end without a word. It waits for the library to come back.
    const keepAlive = setInterval(() => undefined, 2 ** 30);
    // The core's events, not one library's: a move resumed at open switches the library.
    const offState = core.events.on('library:state', (s) => {
      if (ctx.json) out({ event: 'library', state: s.state, reason: s.reason });
      else {
        const line = s.state === 'online' ? 'library back online' : `library ${s.state}: ${s.reason ?? 'unknown reason'}; waiting for it to come back`;
        process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
      }
    });
    try {
      await core.open(ctx.library);
      await core.inbox.whenStarted();
      const folders = core.inbox.status();
      out({ event: 'watching', library: core.lib.root, folders: folders.map((f) => ({ path: f.path, state: f.state })) });
      if (!ctx.json) ctx.progress(`Watching ${core.lib.root} and ${folders.length} inbox folder(s). Ctrl-C stops.`);
      await stopped;
    } finally {
      offState();
      clearInterval(keepAlive);
      await core.closeAsync();
    }
    return { json: { event: 'stopped', imported }, text: `Stopped (${imported} imported).`, jsonLine: true };
  },
};
