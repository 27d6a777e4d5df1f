/**
 * Named, typed jobs: a job keeps what it was started with (jobs.payload), its summary reads back
 * typed by kind, and an interrupted, failed or cancelled job starts again through one path
 * (retryJob / `jobs:retry`) whatever its kind, with its payload checked first.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CancelledError, JobQueue } from '../../src-main/core/jobs/queue';
import { Library } from '@core/catalog/library';
import { recover } from '@core/services/recovery';
import { retryJob } from '@core/services/jobs';
import { startImport } from '@core/services/import-job';
import { getJobPayload } from '@core/catalog/repositories/jobs';
import { parseJobPayload } from '@shared/job-kinds';
import { canRetry } from '@shared/jobs';
import { tmpDir } from '../helpers/tmp';
import { makeAudio } from '../media';

function stateOf(q: JobQueue, id: number) {
  return q.get(id)?.state;
}

describe('typed jobs and one retry path', () => {
  it('an import interrupted by a crash starts again from its stored payload and imports the files', async () => {
    const dir = tmpDir();
    const root = path.join(dir, 'Библиотека');
    const src = makeAudio(path.join(dir, 'Входящие', 'Запись лекции.m4a'), 2);
    let lib = Library.open(root, { create: true, writer: 't' });
    let q = new JobQueue(lib, 1);
    // Held behind another import, then the process "dies": the import never ran.
    let release!: () => void;
    const blocker = q.enqueue({ kind: 'import', title: 'blocker', payload: { paths: ['/nowhere'], move: false, profileId: 1, force: false }, run: () => new Promise<void>((r) => (release = r)) });
    const first = startImport(lib, q, { paths: [src], move: false, profileId: 1, force: false });
    expect(stateOf(q, first.id)).toBe('queued');
    expect(parseJobPayload('import', getJobPayload(lib.sqlite, first.id))).toEqual({ paths: [src], move: false, profileId: 1, force: false });
    release();
    await blocker.done;
    await first.done; // (it ran; for the crash, mark it as a crash leaves it)
    lib.sqlite.prepare("UPDATE jobs SET state = 'running' WHERE id = ?").run(first.id);
    lib.close();

    lib = Library.open(root, { writer: 't' });
    await recover(lib);
    q = new JobQueue(lib, 1);
    const interrupted = q.get(first.id)!;
    expect(interrupted.state).toBe('interrupted');
    expect(canRetry(interrupted)).toBe(true);
    const again = await retryJob({ lib, queue: q }, first.id);
    await q.idle();
    const job = q.get(again)!;
    expect(job.state).toBe('done');
    if (job.kind !== 'import') throw new Error(`job #${again} is a ${job.kind} job`);
    // Typed without a cast: the import summary; the file was already in, so it is skipped, not doubled.
    expect(job.summary.imported).toBe(0);
    expect(job.summary.skipped?.map((s) => path.basename(s.path))).toEqual(['Запись лекции.m4a']);
    expect(lib.sqlite.prepare('SELECT COUNT(*) AS n FROM recordings').get()).toEqual({ n: 1 });
    lib.close();
  });

  it('a cancelled import starts again and does the work; its summary is read back typed from the catalog', async () => {
    const dir = tmpDir();
    const src = makeAudio(path.join(dir, 'in', 'Интервью.m4a'), 2);
    const lib = Library.open(path.join(dir, 'L'), { create: true, writer: 't' });
    const q = new JobQueue(lib, 1);
    let release!: () => void;
    const blocker = q.enqueue({ kind: 'import', title: 'blocker', payload: { paths: ['/nowhere'], move: false, profileId: 1, force: false }, run: () => new Promise<void>((r) => (release = r)) });
    const first = startImport(lib, q, { paths: [src], move: false, profileId: 1, force: false });
    expect(q.cancel(first.id)).toBe(true);
    await expect(first.done).rejects.toBeInstanceOf(CancelledError);
    release();
    await blocker.done;
    const again = await retryJob({ lib, queue: q }, first.id);
    await q.idle();
    // A fresh queue reads it from the catalog only.
    const stored = new JobQueue(lib, 1).get(again)!;
    expect(stored.state).toBe('done');
    if (stored.kind !== 'import') throw new Error('not an import');
    expect(stored.summary.imported).toBe(1);
    expect(stored.summary.importedIds).toHaveLength(1);
    expect(stored.title).toBe(`Import ${src}`);
    expect(fs.existsSync(src)).toBe(true);
    lib.close();
  });

  it('refuses in words: a job still running or done, a kind that cannot start again, a payload that no longer fits', async () => {
    const lib = Library.open(path.join(tmpDir(), 'L'), { create: true, writer: 't' });
    const q = new JobQueue(lib, 1);
    const env = { lib, queue: q };
    await expect(retryJob(env, 999)).rejects.toThrow(/There is no job #999/);
    const done = q.enqueue({ kind: 'export', title: 'e', payload: { ids: [1], to: '/tmp/x', source: false }, run: () => Promise.resolve() });
    await done.done;
    await expect(retryJob(env, done.id)).rejects.toThrow(/is done; only interrupted, failed or cancelled/);
    const cleanup = q.enqueue({ kind: 'cleanup', title: 'c', payload: { kinds: ['temp'] }, run: () => Promise.reject(new Error('boom')) });
    await expect(cleanup.done).rejects.toThrow('boom');
    expect(canRetry(q.get(cleanup.id)!)).toBe(false);
    await expect(retryJob(env, cleanup.id)).rejects.toThrow(/cannot be run again as it was/);
    const bad = q.enqueue({ kind: 'export', title: 'e', payload: { ids: [1], to: '/tmp/x', source: false }, run: () => Promise.reject(new Error('disk full')) });
    await expect(bad.done).rejects.toThrow('disk full');
    lib.sqlite.prepare(`UPDATE jobs SET payload = '{"ids":[]}' WHERE id = ?`).run(bad.id);
    await expect(retryJob(env, bad.id)).rejects.toThrow(/did not keep what it was started with/);
    expect(q.list().filter((j) => j.kind === 'export')).toHaveLength(2); // nothing new was queued
    lib.close();
  });
});
