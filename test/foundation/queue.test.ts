import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobKind } from '@shared/jobs';
import { CancelledError, JobQueue } from '../../src-main/core/jobs/queue';
import { Library } from '@core/catalog/library';
import { recover } from '@core/services/recovery';
import { tmpDir } from '../helpers/tmp';

/** A job whose end the test decides, recording when it started. */
function gate(queue: JobQueue, kind: JobKind, log: string[], name: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const job = queue.enqueue({
    kind,
    title: name,
    run: async (ctx) => {
      log.push(`start ${name}`);
      await Promise.race([opened, new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new CancelledError())))]);
      log.push(`end ${name}`);
    },
  });
  job.done.catch(() => undefined);
  return { ...job, open };
}

const tick = () => new Promise((r) => setTimeout(r, 10));

describe('job queue', () => {
  it('runs processing beside an import, but a cleanup only alone, and nothing overtakes a waiting cleanup', async () => {
    const lib = Library.open(path.join(tmpDir(), 'L'), { create: true, writer: 't' });
    const q = new JobQueue(lib, 2);
    const log: string[] = [];
    const p1 = gate(q, 'process', log, 'p1');
    const i1 = gate(q, 'import', log, 'i1');
    const c1 = gate(q, 'cleanup', log, 'c1');
    const p2 = gate(q, 'process', log, 'p2');
    await tick();
    expect(log).toEqual(['start p1', 'start i1']);
    p1.open();
    i1.open();
    await tick();
    expect(log.slice(2)).toEqual(['end p1', 'end i1', 'start c1']);
    c1.open();
    await tick();
    expect(log.slice(5)).toEqual(['end c1', 'start p2']);
    p2.open();
    await q.idle();
    expect(q.list().map((j) => j.state)).toEqual(['done', 'done', 'done', 'done']);
    lib.close();
  });

  it('a second import waits for the first; processing runs up to the concurrency setting', async () => {
    const lib = Library.open(path.join(tmpDir(), 'L'), { create: true, writer: 't' });
    const q = new JobQueue(lib, 1);
    const log: string[] = [];
    const a = gate(q, 'import', log, 'a');
    const b = gate(q, 'import', log, 'b');
    const p = gate(q, 'process', log, 'p');
    const r = gate(q, 'process', log, 'r');
    await tick();
    expect(log).toEqual(['start a', 'start p']);
    a.open();
    p.open();
    await tick();
    expect(log).toEqual(['start a', 'start p', 'end a', 'end p', 'start b', 'start r']);
    b.open();
    r.open();
    await q.idle();
    lib.close();
  });

  it('cancelling a queued job ends it at once; cancelling a running one lets it stop', async () => {
    const lib = Library.open(path.join(tmpDir(), 'L'), { create: true, writer: 't' });
    const q = new JobQueue(lib, 1);
    const log: string[] = [];
    const running = gate(q, 'migrate', log, 'm');
    const queued = gate(q, 'import', log, 'i');
    await tick();
    expect(q.cancel(queued.id)).toBe(true);
    await expect(queued.done).rejects.toThrow(CancelledError);
    expect(q.get(queued.id)?.state).toBe('cancelled');
    expect(q.cancel(running.id)).toBe(true);
    await q.idle();
    expect(q.get(running.id)?.state).toBe('cancelled');
    expect(log).toEqual(['start m']);
    lib.close();
  });

  it('the recovery of the open marks jobs that were running when the process died as interrupted', async () => {
    const root = path.join(tmpDir(), 'L');
    const lib = Library.open(root, { create: true, writer: 't' });
    lib.sqlite.prepare("INSERT INTO jobs (kind, state) VALUES ('process', 'running'), ('import', 'queued')").run();
    expect(await recover(lib)).toMatchObject({ jobs: 2 });
    const q = new JobQueue(lib, 1);
    expect(q.list().map((j) => [j.kind, j.state])).toEqual([
      ['import', 'interrupted'],
      ['process', 'interrupted'],
    ]);
    lib.close();
  });
});
