/** Start-up: `reclib list --json` on an empty library against `node -e 0` (goal: < 3x). */
import fs from 'node:fs';
import path from 'node:path';
import { abab, type Row, reclibArgv, runOnce } from '../measure';

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
  fs.rmSync(lib, { recursive: true, force: true });
  return [
    { suite: 'startup', name: '`reclib list --json`, empty library', kind: 'target', ...r, goal: 3, goalText: '< 3x', runs: opts.runs },
    { suite: 'startup', name: '`reclib --help` (loads every command module)', kind: 'diagnostic', ...help, runs: opts.runs },
  ];
}
