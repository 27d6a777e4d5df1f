import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore, headlessPlatform } from '@core/services/app';
import { silentLogger } from '../../src-main/core/log/logger';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { dispatch } from '../../src-main/handlers/dispatch';
import type { JobInfo } from '@shared/jobs';
import { tmpDir } from '../helpers/tmp';
import { makeVideo } from '../media';

describe('processing over the IPC contract', () => {
  it('media:status, process:start (validated), progress events with stages, retry refused for a done job', async () => {
    const root = path.join(tmpDir(), 'lib');
    const core = new AppCore({ log: silentLogger, owner: 'test' });
    await core.create(root);
    const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(path.join(tmpDir(), 'userdata')), log: silentLogger };
    try {
      const status = await dispatch('media:status', {}, ctx);
      expect(status).toMatchObject({ ok: true, value: { ok: true } });
      expect(await dispatch('process:start', {}, ctx)).toMatchObject({ ok: false, error: { code: 'EINVAL' } });

      const src = makeVideo(path.join(tmpDir(), 'a.mp4'), { seconds: 6 });
      const imported = await dispatch('import:start', { paths: [src] }, ctx);
      expect(imported.ok).toBe(true);
      // Waits for the import job to end (its own promise), then looks: no clock involved.
      await core.queue.idle();
      expect(core.lib.sqlite.prepare("SELECT COUNT(*) AS n FROM recordings WHERE status = 'ready'").get()).toEqual({ n: 1 });

      const seen: JobInfo[] = [];
      const off = core.events.on('job:progress', (j) => j.kind === 'process' && seen.push(j));
      const started = await dispatch('process:start', { allNew: true }, ctx);
      if (!started.ok) throw new Error(started.error.message);
      const { jobs, skipped } = started.value as { jobs: { id: number; jobId: number }[]; skipped: unknown[] };
      expect(jobs).toHaveLength(1);
      expect(skipped).toEqual([]);
      // Asking again while it runs is refused with the reason, not queued twice.
      const twice = await dispatch('process:start', { ids: [jobs[0]!.id] }, ctx);
      expect(twice).toMatchObject({ ok: true, value: { jobs: [], skipped: [{ id: jobs[0]!.id, reason: expect.stringMatching(/already being processed/) }] } });

      await core.queue.idle();
      expect(core.queue.get(jobs[0]!.jobId)?.state).toBe('done');
      off();
      expect(seen.some((j) => j.stages.audio?.status === 'running')).toBe(true);
      expect(seen.some((j) => typeof j.progress.fraction === 'number' && j.progress.fraction > 0 && j.progress.fraction < 1)).toBe(true);
      expect(seen[seen.length - 1]!.progress.fraction).toBe(1);

      const retry = await dispatch('jobs:retry', { jobId: jobs[0]!.jobId }, ctx);
      expect(retry).toMatchObject({ ok: false, error: { message: expect.stringMatching(/only interrupted, failed or cancelled/) } });
      const rec = await dispatch('recordings:get', { id: jobs[0]!.id }, ctx);
      expect(rec).toMatchObject({ ok: true, value: { status: 'processed', hasPoster: true } });
    } finally {
      await core.closeAsync();
    }
  });
});
