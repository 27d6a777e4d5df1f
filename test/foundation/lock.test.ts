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
