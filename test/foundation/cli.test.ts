import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/cli/main';
import { SCHEMA_VERSION } from '@core/catalog/connection';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';

/** Real CLI processes start slowly on a busy machine (seconds each): room for that, no speed asserted. */
const SPAWNS_TIMEOUT = 240_000;

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: {} }, new AbortController().signal);
  return { code, stdout, stderr };
}

describe('reclib CLI', () => {
  it('init --json prints the library, catalog and schema version', async () => {
    const lib = path.join(tmpDir(), 'My "Lib" [1] Лекции');
    const r = await run(['init', '--library', lib, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ library: lib, catalog: path.join(lib, 'catalog.db'), schemaVersion: SCHEMA_VERSION });
    expect(fs.existsSync(path.join(lib, 'catalog.db'))).toBe(true);
  });

  it('list and show on an empty library', async () => {
    const lib = path.join(tmpDir(), 'L');
    await run(['init', '--library', lib]);
    expect(JSON.parse((await run(['list', '--library', lib, '--json'])).stdout)).toEqual([]);
    const missing = await run(['show', '7', '--library', lib, '--json']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stderr)).toEqual({ error: 'There is no recording #7' });
    expect(missing.stdout).toBe('');
  });

  it('usage errors exit 2, runtime errors exit 1, with the message on stderr', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['show', '--library', '/x'])).code).toBe(2);
    expect((await run(['show', 'abc', '--library', '/x'])).code).toBe(2);
    expect((await run(['list', '--bogus'])).code).toBe(2);
    const r = await run(['list', '--library', path.join(tmpDir(), 'absent')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No Reclib library at .*absent\. Is the disk mounted\? Create one with `reclib init --library .*absent`/);
  });

  it('runs as a real process with real exit codes', () => {
    const lib = path.join(tmpDir(), 'L');
    const ok = cli(['init', '--library', lib, '--json']);
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).schemaVersion).toBe(SCHEMA_VERSION);
    expect(cli(['nope']).status).toBe(2);
    expect(cli(['show', '1', '--library', lib]).status).toBe(1);
  }, SPAWNS_TIMEOUT);

  it('a reader that leaves early (`reclib --help | head -1`) ends it quietly, not with a stack trace', async () => {
    const repo = path.resolve(import.meta.dirname, '../..');
    const child = spawn(process.execPath, ['--import', path.join(repo, 'node_modules/tsx/dist/loader.mjs'), path.join(repo, 'src-main/cli.ts'), '--help'], {
      env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repo, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Closed before the first write: every write the CLI makes meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
    expect(stderr).not.toMatch(/EPIPE|at .*\.js/);
    expect(code).toBe(0);
  }, SPAWNS_TIMEOUT);
});
