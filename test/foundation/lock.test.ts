import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Library } from '@core/catalog/library';
import { acquireWriterLock, LockedError, takeOverStale } from '@core/catalog/writer-lock';
import { tmpDir } from '../helpers/tmp';

describe('one writer per library', () => {
  it('refuses a second writer, naming the holder', () => {
    const root = path.join(tmpDir(), 'L');
    const a = Library.open(root, { create: true, writer: 'the Reclib app' });
    expect(() => Library.open(root, { writer: 'reclib import' })).toThrow(LockedError);
    expect(() => Library.open(root, { writer: 'reclib import' })).toThrow(/being changed by the Reclib app \(pid \d+/);
    const reader = Library.open(root); // readers are never locked out
    reader.close();
    a.close();
    Library.open(root, { writer: 'reclib import' }).close();
  });

  it('takes over a stale lock left by a dead process', () => {
    const file = path.join(tmpDir(), '.reclib.lock');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    fs.writeFileSync(file, JSON.stringify({ pid: deadPid, host: os.hostname(), owner: 'a crashed reclib', since: new Date().toISOString() }));
    fs.utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const lock = acquireWriterLock(file, 'test');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it.skipIf(process.platform !== 'linux')('takes over a lock whose holder was killed and not yet reaped (a zombie holds nothing)', async () => {
    // Found by an exploratory trial: after a kill -9, the next command was refused for seconds
    // where the killed process's parent was slow to reap it. Here its parent never does: the
    // background `sleep 0` exits under a parent that has become `sleep 30` and never waits.
    const { spawn } = await import('node:child_process');
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const zombie = Number((await new Promise<Buffer>((resolve) => parent.stdout.once('data', resolve))).toString().trim());
      const state = () => fs.readFileSync(`/proc/${zombie}/stat`, 'utf8').replace(/^.*\) /s, '')[0];
      while (state() !== 'Z') await new Promise((r) => setTimeout(r, 20));
      const file = path.join(tmpDir(), '.reclib.lock');
      fs.writeFileSync(file, JSON.stringify({ pid: zombie, host: os.hostname(), owner: 'reclib process', since: new Date().toISOString() }));
      const lock = acquireWriterLock(file, 'test');
      expect(JSON.parse(fs.readFileSync(file, 'utf8')).pid).toBe(process.pid);
      lock.release();
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('a slower process that judged the same dead holder stale never removes the lock just taken', () => {
    const file = path.join(tmpDir(), '.reclib.lock');
    const dead = { pid: 999_999_999, host: os.hostname(), owner: 'a crashed reclib', since: '2026-01-01T00:00:00.000Z' };
    fs.writeFileSync(file, JSON.stringify(dead));
    fs.utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const lock = acquireWriterLock(file, 'the faster process');
    takeOverStale(file, dead); // what the slower one does with its earlier judgement
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, owner: 'the faster process' });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['.reclib.lock']);
    lock.release();
  });

  it('treats a torn, empty lock file as stale once it is old', () => {
    const file = path.join(tmpDir(), '.reclib.lock');
    fs.writeFileSync(file, '');
    fs.utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    acquireWriterLock(file, 'test').release();
  });
});
