import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repo, 'node_modules/tsx/dist/loader.mjs');

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry of ours in a child Node process (for crash tests and real exit codes). */
export function runTs(entry: string, args: string[], env: NodeJS.ProcessEnv = {}): RunResult {
  const res = spawnSync(process.execPath, ['--import', tsx, path.join(repo, entry), ...args], {
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repo, 'tsconfig.json'), ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: res.status, signal: res.signal, stdout: res.stdout, stderr: res.stderr };
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): RunResult {
  return runTs('src-main/cli.ts', args, env);
}
