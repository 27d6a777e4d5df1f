/**
 * Mass changes need their own consent (issue 10): a cleanup touching more than 20 % of the
 * recordings or of the files, or more than 1 GB, is refused with --yes alone, by the schedule, and
 * in the app unless the person types the item count; --allow-mass-change (CLI) lets it run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppCore, headlessPlatform } from '@core/services/app';
import { MASS_CHANGE_BYTES, planCleanup } from '../../src-main/core/cleanup/plan';
import { trashRecordings } from '@core/trash/trash';
import { silentLogger } from '../../src-main/core/log/logger';
import { AppSettingsStore } from '../../src-main/core/settings/app-settings';
import { dispatch } from '../../src-main/handlers/dispatch';
import { tmpDir } from '../helpers/tmp';
import { cliIn, libraryWith, statusOf } from './helpers';

const LONG = 600_000;
const DAY = 86_400_000;

describe('mass changes', () => {
  it('by recordings: 3 of 10 trashed past retention — --yes refuses and changes nothing, --allow-mass-change purges', { timeout: LONG }, async () => {
    const f = await libraryWith(10);
    const gone = f.ids.slice(0, 3);
    trashRecordings(f.lib, gone, 'test', Date.now() - 40 * DAY);
    f.lib.close();
    const dry = await cliIn(['cleanup', '--dry-run', '--kind', 'trash', '--library', f.root, '--json']);
    const plan = JSON.parse(dry.stdout) as { massChange: boolean; massReason: string; items: unknown[] };
    expect(plan.massChange).toBe(true);
    expect(plan.massReason).toBe('it would touch 3 of 10 recordings (30 %) and 3 of 10 files (30 %)');
    const yes = await cliIn(['cleanup', '--kind', 'trash', '--yes', '--library', f.root, '--json']);
    expect(yes.status).toBe(1);
    expect(JSON.parse(yes.stderr).error).toMatch(/^Nothing was changed: this cleanup is a mass change \(it would touch 3 of 10 recordings.*--allow-mass-change/);
    for (const id of gone) expect(fs.existsSync(path.join(f.root, `users/1/recordings/${id}`))).toBe(true);
    const ok = await cliIn(['cleanup', '--kind', 'trash', '--allow-mass-change', '--library', f.root, '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    expect((JSON.parse(ok.stdout) as { done: { id: number }[] }).done.map((d) => d.id)).toEqual(gone);
  });

  it('by files: 3 strays beside 5 recordings (outside recording folders) — refused with --yes, done with --allow-mass-change', { timeout: LONG }, async () => {
    const f = await libraryWith(5);
    for (const n of ['a', 'b', 'c']) fs.writeFileSync(f.lib.paths.abs(`users/1/stray-${n}.bin`), Buffer.alloc(10, 1));
    f.lib.close();
    const yes = await cliIn(['cleanup', '--kind', 'orphans', '--yes', '--library', f.root, '--json']);
    expect(yes.status).toBe(1);
    expect(JSON.parse(yes.stderr).error).toMatch(/mass change \(it would touch 3 of 8 files \(38 %\)\)/);
    expect(fs.existsSync(path.join(f.root, 'users/1/stray-a.bin'))).toBe(true);
    const ok = await cliIn(['cleanup', '--kind', 'orphans', '--yes', '--allow-mass-change', '--library', f.root, '--json']);
    expect(JSON.parse(ok.stdout).done).toHaveLength(3);
  });

  it(
    'by bytes: a 1.1 GB (sparse) file — refused with --yes whatever its share, moved with --allow-mass-change',
    async () => {
      const f = await libraryWith(20);
      const big = f.lib.paths.abs('users/1/leftover.iso');
      fs.closeSync(fs.openSync(big, 'w'));
      fs.truncateSync(big, MASS_CHANGE_BYTES + 100_000_000); // sparse: no gigabyte is written
      const plan = await planCleanup(f.lib, ['orphans']);
      expect(plan.share.files).toBeLessThan(0.2);
      expect(plan.massChange).toBe(true);
      expect(plan.massReason).toBe('it would touch 1.10 GB, more than 1.00 GB');
      f.lib.close();
      const yes = await cliIn(['cleanup', '--kind', 'orphans', '--yes', '--library', f.root, '--json']);
      expect(yes.status).toBe(1);
      expect(fs.statSync(big).size).toBe(MASS_CHANGE_BYTES + 100_000_000);
      const ok = await cliIn(['cleanup', '--kind', 'orphans', '--allow-mass-change', '--library', f.root, '--json']);
      expect(ok.status, ok.stderr).toBe(0);
      expect(fs.existsSync(big)).toBe(false);
    },
    LONG,
  );

  it('the schedule never runs a mass change: it does nothing and records why; the app needs the typed count', { timeout: LONG }, async () => {
    const f = await libraryWith(6);
    const gone = f.ids.slice(0, 3);
    trashRecordings(f.lib, gone, 'test', Date.now() - 40 * DAY);
    f.lib.close();
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
    const lib = await core.open(f.root);
    try {
      await core.integrity.scheduler.runNow('trash');
      const entry = core.integrity.scheduler.status().find((s) => s.kind === 'trash')!;
      expect(entry.lastResult).toMatchObject({ done: 0, needsConfirm: true, refused: expect.stringMatching(/^nothing was done: it would touch 3 of 6 recordings/) });
      await core.integrity.scheduler.tick(Date.now() + 400 * DAY);
      for (const id of gone) expect(statusOf(lib, id)).toBe('trashed');

      const ctx = { app: core, platform: headlessPlatform, appSettings: new AppSettingsStore(tmpDir()), log: silentLogger };
      const plan = (await dispatch('cleanup:plan', { kinds: ['trash'] }, ctx)) as { ok: true; value: { digest: string; items: unknown[] } };
      // The request answers with its job; the job's summary carries what it did.
      const resultOf = async (answer: unknown) => {
        expect(answer).toMatchObject({ ok: true, value: { jobId: expect.any(Number) as unknown } });
        await core.queue.idle();
        const job = core.queue.get((answer as { value: { jobId: number } }).value.jobId)!;
        expect(job).toMatchObject({ kind: 'cleanup', state: 'done' });
        return job.kind === 'cleanup' ? job.summary.result : undefined;
      };
      const wrong = await resultOf(await dispatch('cleanup:apply', { kinds: ['trash'], confirm: true, expectDigest: plan.value.digest, massConfirmation: '2' }, ctx));
      expect(wrong).toMatchObject({ done: [], needsConfirm: true });
      for (const id of gone) expect(statusOf(lib, id)).toBe('trashed');
      const typed = await resultOf(await dispatch('cleanup:apply', { kinds: ['trash'], confirm: true, expectDigest: plan.value.digest, massConfirmation: String(plan.value.items.length) }, ctx));
      expect(typed).toMatchObject({ skipped: [] });
      expect(typed?.done.map((d) => d.id).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(gone);
      for (const id of gone) expect(statusOf(lib, id)).toBeUndefined();
    } finally {
      await core.closeAsync();
    }
  });

  it('defaults: only temp and trash retention run on a schedule', { timeout: LONG }, async () => {
    const f = await libraryWith(1);
    f.lib.close();
    const core = new AppCore({ log: silentLogger, owner: 'test', integrity: { watch: false, startupScan: false } });
    await core.open(f.root);
    try {
      expect(core.integrity.scheduler.status().map((s) => [s.kind, s.enabled, s.nextRun !== null])).toEqual([
        ['temp', true, true],
        ['expired', false, false],
        ['trash', true, true],
        ['orphans', false, false],
      ]);
    } finally {
      await core.closeAsync();
    }
  });
});
