import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MigrateApplyReport, MigrateUndoReport } from '@shared/channels/migrate';
import type { JobInfoOf } from '@shared/jobs';
import { AppCore, headlessPlatform } from '@core/services/app';
import { silentLogger } from '../../src-main/core/log/logger';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { dispatch } from '../../src-main/handlers/dispatch';
import { snapshotTree, tmpDir } from '../helpers/tmp';
import { makeLegacyTree } from './fixture';

/** Drives the IPC contract exactly as the renderer does (validation, handlers, jobs), without a browser. */
describe('migrate IPC channels', () => {
  it('plan as a job -> get -> apply as a job -> runs -> undo as a job', async () => {
    const dir = tmpDir();
    const media = makeLegacyTree(dir, { dataDb: false });
    const before = snapshotTree(media);
    const app = new AppCore({ log: silentLogger, owner: 'test' });
    await app.create(path.join(dir, 'lib'));
    const call = async <T>(name: string, payload: unknown): Promise<T> => {
      const env = await dispatch(name, payload, { app, platform: headlessPlatform, appSettings: new AppSettingsStore(path.join(dir, 'userdata')), log: silentLogger });
      if (!env.ok) throw new Error(env.error.message);
      return env.value as T;
    };
    const finished = (id: number) =>
      new Promise<JobInfoOf<'migrate'>>((resolve, reject) => {
        const check = () => {
          const j = app.queue.get(id);
          if (j && j.kind !== 'migrate') reject(new Error(`job #${id} is a ${j.kind} job`));
          else if (j && !['queued', 'running'].includes(j.state)) resolve(j);
          else setTimeout(check, 20);
        };
        check();
      });
    try {
      await expect(call('migrate:plan', { mediaDir: '' })).rejects.toThrow(/invalid request/);
      const planJob = await finished((await call<{ jobId: number }>('migrate:plan', { mediaDir: media })).jobId);
      expect(planJob.state).toBe('done');
      const runId = planJob.summary.runId!;
      const { run, plan } = await call<{ run: { state: string }; plan: { totals: { files: number }; recordings: { files: { conflict: boolean }[] }[] } }>('migrate:get', { runId });
      expect(run.state).toBe('planned');
      expect(plan.totals.files).toBe(before.size);
      expect(plan.recordings.flatMap((g) => g.files).some((f) => f.conflict)).toBe(true);

      const applyJob = await finished((await call<{ jobId: number }>('migrate:apply', { runId })).jobId);
      expect(applyJob.state).toBe('done');
      const report = applyJob.summary.report as MigrateApplyReport;
      expect(report.runId).toBe(runId);
      expect(report.unaccounted).toEqual([]);
      expect(report.moved).toBeGreaterThan(0);
      const runs = await call<{ id: string; state: string }[]>('migrate:runs', {});
      expect(runs.map((r) => [r.id, r.state])).toEqual([[runId, 'applied']]);

      const undoJob = await finished((await call<{ jobId: number }>('migrate:undo', { runId })).jobId);
      expect(undoJob.state).toBe('done');
      expect((undoJob.summary.report as MigrateUndoReport).unaccounted).toEqual([]);
      expect(snapshotTree(media)).toEqual(before);
      // An undone run is not applied again by id: the user plans afresh.
      const again = await finished((await call<{ jobId: number }>('migrate:apply', { runId })).jobId);
      expect(again.state).toBe('failed');
      expect(again.error).toMatch(/undone; plan the migration again/);
    } finally {
      await app.closeAsync();
    }
  });
});
