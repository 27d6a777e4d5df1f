/**
 * The core host driven over its port exactly as the app and `reclib serve` drive it: a real child
 * process (child_process.fork of the real entry), a real library, real SQLite and real ffmpeg.
 * Every wait is on a message from the host, never on time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope } from '../../src-shared/channel';
import type { JobInfo } from '../../src-shared/jobs';
import type { LibraryStatus, RecordingQueryResult } from '../../src-shared/domain';
import { Library } from '../../src-main/core/catalog/library';
import type { HostClient } from '../../src-main/host/client';
import { cli } from '../helpers/run';
import { tmpDir } from '../helpers/tmp';
import { makeVideo } from '../media';
import { startHost } from './helpers';

const running: HostClient[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.stop(60_000);
});

function track<T extends { host: HostClient }>(started: T): T {
  running.push(started.host);
  return started;
}

function value<T>(env: Envelope<unknown>): T {
  if (!env.ok) throw new Error(`host answered an error: ${env.error.code} ${env.error.message}`);
  return env.value as T;
}

function newLibrary(): string {
  const root = path.join(tmpDir(), 'Библиотека');
  Library.open(root, { create: true, writer: 'host test setup' }).close();
  return root;
}

describe('the core host process', () => {
  it('opens the library, answers requests, and sends events and job progress as the import runs', async () => {
    const root = newLibrary();
    const media = makeVideo(path.join(tmpDir(), 'Лекция «один».mp4'), { seconds: 2 });
    const { host } = track(startHost(root));
    const status = await host.whenStatus((s) => s.phase === 'ready');
    expect(status).toMatchObject({ library: 'open', root });

    const progress: JobInfo[] = [];
    const changed: unknown[] = [];
    host.on('library:changed', (p) => changed.push(p));
    const done = new Promise<JobInfo>((resolve) =>
      host.on('job:progress', (p) => {
        const job = p as JobInfo;
        progress.push(job);
        if (job.state === 'done' || job.state === 'failed') resolve(job);
      }),
    );
    const { jobId } = value<{ jobId: number }>(await host.request('import:start', { paths: [media] }));
    const finished = await done;
    expect(finished).toMatchObject({ id: jobId, kind: 'import', state: 'done' });
    expect(progress.some((j) => j.state === 'running')).toBe(true);
    expect(changed.length).toBeGreaterThan(0);

    const rows = value<RecordingQueryResult>(await host.request('recordings:query', {}));
    expect(rows.rows.map((r) => r.displayName)).toContain('Лекция «один»');
    // The contract is validated in the host: a bad request is a plain error, not a crash.
    const bad = await host.request('recordings:get', { id: 'one' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'EINVAL' } });
    expect(await host.request('no:such', {})).toMatchObject({ ok: false, error: { code: 'EBADCHANNEL' } });
  });

  it('a request sent while it finishes interrupted work waits, and is answered once the library is open', async () => {
    const root = newLibrary();
    const media = makeVideo(path.join(tmpDir(), 'Прерванный импорт.mp4'), { seconds: 2 });
    // A real interrupted import: the CLI is killed (SIGKILL) after the copy, before the commit.
    const killed = cli(['import', media, '--library', root], { RECLIB_FAULT_AT: 'import:copied' });
    expect(killed.signal).toBe('SIGKILL');

    const { host, trail } = track(startHost(root, { env: { RECLIB_HOST_HOLD: 'recovering' } }));
    await host.whenStatus((s) => s.phase === 'recovering');
    const answer = host.request('library:status', {});
    const list = host.request('recordings:query', {});
    // Let the host go on; the requests were sent while it held in "recovering".
    await host.setEnv({ RECLIB_HOST_HOLD: null });
    const status = value<LibraryStatus>(await answer);
    expect(status.state).toBe('open');
    expect(trail.indexOf('status:recovering')).toBeLessThan(trail.indexOf('status:ready'));
    // Both replies came after "ready": nothing was answered from a half-open library.
    expect(trail.filter((t) => t.startsWith('reply:')).every((t) => trail.indexOf(t) > trail.indexOf('status:ready'))).toBe(true);
    // The interrupted import was finished or undone, never left half-done.
    const rows = value<RecordingQueryResult>(await list);
    expect(rows.rows.every((r) => r.status !== 'importing')).toBe(true);
  });

  it('a library that is not there is reported as not found, and nothing is created', async () => {
    const root = path.join(tmpDir(), 'Диск не подключён', 'Library');
    const { host } = track(startHost(root));
    expect(await host.whenStatus((s) => s.phase === 'ready')).toMatchObject({ library: 'unavailable' });
    expect(value<LibraryStatus>(await host.request('library:status', {}))).toMatchObject({ state: 'unavailable', problem: { kind: 'not-found', root } });
    expect(fs.existsSync(path.dirname(root))).toBe(false);
  });

  it('a host that dies answers every waiting request with a plain error and reports it', async () => {
    const root = newLibrary();
    const { host } = track(startHost(root, { env: { RECLIB_HOST_HOLD: 'opening' } }));
    const status = await host.whenStatus((s) => s.phase === 'opening');
    const pending = host.request('library:status', {});
    const exited = new Promise((resolve) => host.onExit(resolve));
    process.kill(host.pid!, 'SIGKILL');
    expect(await exited).toMatchObject({ signal: 'SIGKILL' });
    const env = await pending;
    expect(env).toMatchObject({ ok: false, error: { code: 'EHOSTDIED' } });
    expect(host.died).toBe(true);
    expect(host.deathMessage()).toContain(status.logFile!);
    // Later requests get the same answer at once.
    expect(await host.request('library:info', {})).toMatchObject({ ok: false, error: { code: 'EHOSTDIED' } });
    expect((await host.media('recording/1/video', null)).status).toBe(503);
  });

  it('asks its parent for dialogs, and stops cleanly, releasing the library', async () => {
    const root = newLibrary();
    const picked = path.join(tmpDir(), 'Выбранная папка');
    const { host } = startHost(root, { platform: { pick: (kind) => Promise.resolve(kind === 'folder' ? [picked] : null), reveal: () => Promise.resolve(true) } });
    await host.whenStatus((s) => s.phase === 'ready');
    expect(value<{ paths: string[] | null }>(await host.request('dialog:pick', { kind: 'folder' }))).toEqual({ paths: [picked] });
    expect(await host.activity()).toEqual({ running: [] });
    expect(await host.stop(60_000)).toBe('stopped');
    expect(host.died).toBe(false);
    // The writer lock is gone: another writer may open the library now.
    Library.open(root, { writer: 'after the host' }).close();
  });
});
