/**
 * Start-up against `node -e 0` (goal: < 3x each): `reclib list --json` on an empty library,
 * `reclib serve` until its page answers, and the core host alone until its library is open.
 */
import fs from 'node:fs';
import path from 'node:path';
import { HOST_OPTIONS_ENV, type HostOptions } from '../../src-main/host/protocol';
import type { LiveStep } from '../live-timer';
import { abab, ababLive, type Row, reclibArgv, runOnce } from '../measure';

/** `node -e 0` timed like the live rows: in-process, from its spawn until it exits. */
const nodeLive: LiveStep = { label: 'node -e 0', argv: [process.execPath, '-e', '0'], until: { kind: 'exit' } };

export function benchStartup(base: string, opts: { runs: number }): Row[] {
  const lib = path.join(base, 'empty-library');
  runOnce({ label: 'reclib init', argv: reclibArgv('init', '--library', lib, '--json') });
  const list = {
    label: 'reclib list --json',
    argv: reclibArgv('list', '--library', lib, '--json'),
    after: (stdout: string) => {
      if (stdout.trim() !== '[]') throw new Error(`reclib list printed ${stdout.slice(0, 200)}`);
    },
  };
  const node = { label: 'node -e 0', argv: [process.execPath, '-e', '0'] };
  const r = abab(opts.runs, list, node);
  const help = abab(opts.runs, { label: 'reclib --help', argv: reclibArgv('--help') }, node);

  // `reclib serve` as a person starts it: the remembered-library settings and upload area of its own.
  const serve = ababLive(
    opts.runs,
    {
      label: 'reclib serve',
      argv: reclibArgv('serve', '--library', lib),
      env: { XDG_CONFIG_HOME: path.join(base, 'serve-config') },
      until: { kind: 'line', pattern: '^Reclib is on (\\S+)', get: true },
    },
    nodeLive,
  );
  // The core host alone, forked as `reclib serve` forks it (src-main/host/client.ts), until it reports
  // ready with the library open.
  const hostOptions: HostOptions = {
    library: lib,
    userData: path.join(base, 'host-user-data'),
    videosDir: path.join(base, 'Videos'),
    logDir: null,
    resources: path.resolve(import.meta.dirname, '..', '..', 'resources'),
    owner: 'reclib bench',
    firstRunCreates: false,
  };
  const host = ababLive(
    opts.runs,
    {
      label: 'host (fork to ready)',
      argv: [path.resolve(import.meta.dirname, '..', '..', 'out', 'main', 'host.js')],
      env: { [HOST_OPTIONS_ENV]: JSON.stringify(hostOptions) },
      until: { kind: 'host-ready', library: 'open' },
    },
    nodeLive,
  );
  fs.rmSync(lib, { recursive: true, force: true });
  return [
    { suite: 'startup', name: '`reclib list --json`, empty library', kind: 'target', ...r, goal: 3, goalText: '< 3x', runs: opts.runs },
    {
      suite: 'startup',
      name: '`reclib serve`, empty library: spawn to its address printed and the page answering one GET',
      kind: 'target',
      ...serve,
      goal: 3,
      goalText: '< 3x',
      runs: opts.runs,
      note:
        'Both sides timed in-process (bench/live-timer.ts): ours from spawn until it printed `Reclib is on <url>` and a GET of that url answered 200 ' +
        '(then SIGTERM, untimed); `node -e 0` from spawn until exit. CPU and memory of ours are its whole process tree (the host included) at that moment.',
    },
    {
      suite: 'startup',
      name: 'the core host alone (out/main/host.js), empty library: fork to "ready, library open"',
      kind: 'target',
      ...host,
      goal: 3,
      goalText: '< 3x',
      runs: opts.runs,
      note:
        'Timed in-process on both sides: the host from child_process.fork (as `reclib serve` starts it) until its status message says ready with the ' +
        'library open; `node -e 0` from spawn until exit. A whole-command script that forks the host would add a second Node start-up to ours only.',
    },
    { suite: 'startup', name: '`reclib --help` (loads every command module)', kind: 'diagnostic', ...help, runs: opts.runs },
  ];
}
