/**
 * Long operations over IPC answer at once with a job id; the job's typed summary carries what the
 * request used to answer with. Refusals (the library is not online) come before anything is queued.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { JobInfo } from '@shared/jobs';
import { AppCore, headlessPlatform } from '@core/services/app';
import { trashRecordings } from '@core/trash/trash';
import { silentLogger } from '@core/log/logger';
import { AppSettingsStore } from '@core/settings/app-settings';
import { dispatch } from '../../src-main/handlers/dispatch';
import { tmpDir } from '../helpers/tmp';
import { libraryWith, statusOf } from './helpers';

const LONG = 120_000;

async function openCore(n: number) {
  const f = await libraryWith(n);
  f.lib.close();
  const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
  const lib = await core.open(f.root);
  const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(tmpDir()), log: silentLogger };
  return { f, core, lib, ctx };
}

/** The answer names a job that has not ended yet; this waits for its end and reads it back. */
async function jobOf(core: AppCore, answer: unknown): Promise<JobInfo> {
  expect(answer).toMatchObject({ ok: true, value: { jobId: expect.any(Number) as unknown } });
  const jobId = (answer as { value: { jobId: number } }).value.jobId;
  await core.queue.idle();
  const job = core.queue.get(jobId)!;
  expect(job.state).toBe('done');
  return job;
}

describe('long operations answer with a job id', () => {
  it('trash:empty: the job purges the listed recordings and its summary says which', { timeout: LONG }, async () => {
    const { f, core, lib, ctx } = await openCore(3);
    try {
      const gone = f.ids.slice(0, 2);
      trashRecordings(lib, gone, 'test');
      const answer = await dispatch('trash:empty', { ids: gone }, ctx);
      // Answered before the work ends: the job is still queued or running.
      expect(['queued', 'running']).toContain(core.queue.get((answer as { value: { jobId: number } }).value.jobId)?.state);
      const job = await jobOf(core, answer);
      if (job.kind !== 'cleanup') throw new Error(`a ${job.kind} job`);
      expect(job.summary.result?.done.map((d) => d.id).sort()).toEqual(gone);
      expect(job.summary.result?.skipped).toEqual([]);
      for (const id of gone) expect(statusOf(lib, id)).toBeUndefined();
      expect(statusOf(lib, f.ids[2]!)).toBe('ready');
    } finally {
      await core.closeAsync();
    }
  });

  it('scan:run: applied and dry scans are jobs whose summary holds the report', { timeout: LONG }, async () => {
    const { f, core, lib, ctx } = await openCore(1);
    try {
      const rel = `users/1/recordings/${f.ids[0]}/заметки.txt`;
      fs.writeFileSync(lib.paths.abs(rel), 'не наше');
      for (const apply of [false, true]) {
        const job = await jobOf(core, await dispatch('scan:run', { apply }, ctx));
        if (job.kind !== 'scan') throw new Error(`a ${job.kind} job`);
        expect(job.summary.report).toMatchObject({ state: 'online', unknown: [{ path: rel, size: Buffer.byteLength('не наше') }], missing: [] });
      }
    } finally {
      await core.closeAsync();
    }
  });

  it('cleanup:schedule with runNow: answers with the schedule and the job; the run is recorded when it ends', { timeout: LONG }, async () => {
    const { core, ctx } = await openCore(1);
    try {
      const plain = await dispatch('cleanup:schedule', {}, ctx);
      expect(plain).toMatchObject({ ok: true, value: { jobId: null } });
      const answer = await dispatch('cleanup:schedule', { runNow: 'temp' }, ctx);
      expect(answer).toMatchObject({ ok: true, value: { schedule: expect.any(Array) as unknown } });
      const job = await jobOf(core, answer);
      expect(job.kind).toBe('cleanup');
      expect(core.integrity.scheduler.status().find((s) => s.kind === 'temp')).toMatchObject({ lastRun: expect.any(String) as unknown, lastResult: { error: null, needsConfirm: false } });
    } finally {
      await core.closeAsync();
    }
  });
});
